import type { CommandName } from '../../../shared/contract';
import {
  IconApi,
  IconBell,
  IconCalendarTime,
  IconChartLine,
  IconBulb,
  IconFileCode,
  IconFlame,
  IconFileText,
  IconListCheck,
  IconNetwork,
  IconPhoneCall,
  IconRocket,
  IconHistory,
  IconLayoutDashboard,
  IconLayoutGrid,
  IconServer2,
  IconSettings,
  IconTerminal2,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

export interface PageEntry {
  path: string;
  label: string;
  icon: Icon;
  /** The second key of its "g <key>" shortcut, if it has one. */
  goKey?: string;
  /** Words that should find it in the command palette. */
  keywords: string[];
  /** A command the page cannot do without: the page is left out of the navigation for those who may not run it. */
  needs?: CommandName;
}

/** Every page of the console, in navigation order. */
export const pages: readonly PageEntry[] = [
  { path: '/', label: 'Overview', icon: IconLayoutDashboard, goKey: 'o', keywords: ['home', 'dashboard', 'cards', 'health'] },
  { path: '/services', label: 'Services', icon: IconServer2, goKey: 's', keywords: ['table', 'processes', 'start', 'stop', 'restart'] },
  { path: '/alerts', label: 'Alerts', icon: IconBell, goKey: 'a', keywords: ['firing', 'rules', 'silence', 'acknowledge'] },
  {
    path: '/incidents',
    label: 'Incidents',
    icon: IconFlame,
    goKey: 'n',
    keywords: ['root cause', 'cause', 'why', 'outage', 'explain', 'rca', 'postmortem', 'confirm'],
  },
  { path: '/insights', label: 'Insights', icon: IconBulb, goKey: 'i', keywords: ['anomalies', 'incidents', 'forecast', 'trend', 'capacity', 'analysis'] },
  { path: '/rules', label: 'Rules', icon: IconListCheck, goKey: 'r', keywords: ['promql', 'expressions', 'evaluation', 'alerting rules'] },
  {
    path: '/dashboards',
    label: 'Dashboards',
    icon: IconLayoutGrid,
    goKey: 'd',
    keywords: ['grafana', 'panels', 'charts', 'graphs', 'custom', 'board', 'import'],
  },
  {
    path: '/explore',
    label: 'Explore',
    icon: IconChartLine,
    goKey: 'e',
    keywords: ['promql', 'query', 'metrics', 'graph', 'chart', 'series', 'try', 'grafana'],
  },
  { path: '/logs', label: 'Logs', icon: IconFileText, goKey: 'l', keywords: ['search', 'tail', 'errors'] },
  { path: '/terminals', label: 'Terminals', icon: IconTerminal2, goKey: 't', keywords: ['tmux', 'shell', 'sessions', 'pty'] },
  {
    path: '/jobs',
    label: 'Jobs',
    icon: IconCalendarTime,
    goKey: 'j',
    keywords: ['cron', 'schedule', 'backup', 'cleanup', 'automation', 'pause'],
  },
  {
    path: '/deploys',
    label: 'Deploys',
    icon: IconRocket,
    goKey: 'y',
    keywords: ['deploy', 'rollback', 'release', 'git', 'commit', 'ship', 'stages', 'pipeline'],
  },
  { path: '/oncall', label: 'On-call', icon: IconPhoneCall, keywords: ['schedule', 'rotation', 'escalation', 'pager', 'override', 'shifts', 'who is on call'] },
  { path: '/audit', label: 'Audit', icon: IconHistory, goKey: 'u', keywords: ['actions', 'history', 'who', 'log', 'restart', 'audit trail'] },
  { path: '/fleet', label: 'Fleet', icon: IconNetwork, goKey: 'f', keywords: ['agents', 'hosts', 'machines', 'servers', 'remote', 'cluster'] },
  { path: '/config', label: 'Config', icon: IconFileCode, goKey: 'c', keywords: ['workspace', 'zervigo.yaml', 'yaml', 'environment', 'history', 'diff'] },
  { path: '/people', label: 'People', icon: IconUsers, keywords: ['users', 'accounts', 'roles', 'tokens', 'passwords', 'unlock', 'team'], needs: 'users.list' },
  { path: '/api', label: 'API', icon: IconApi, keywords: ['openapi', 'rest', 'reference', 'curl', 'commands', 'http', 'token'] },
  { path: '/settings', label: 'Settings', icon: IconSettings, keywords: ['theme', 'dark', 'light', 'update', 'about', 'version'] },
];

/** The page a location belongs to: "/services/api" is on Services. */
export function pageOf(location: string): PageEntry | undefined {
  location = location.split('?')[0] ?? location;
  if (location === '/' || location === '') return pages[0];
  return pages.find((page) => page.path !== '/' && (location === page.path || location.startsWith(`${page.path}/`)));
}

/** A service's page; with `range`, its charts open on that span (ms) instead of the last hour. */
export function servicePath(name: string, range?: { start: number; end: number }): string {
  const path = `/services/${encodeURIComponent(name)}`;
  return range === undefined ? path : `${path}?from=${Math.round(range.start)}&to=${Math.round(range.end)}`;
}
