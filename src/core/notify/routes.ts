import { createHash } from 'node:crypto';
import type { RouteConfig } from '../config/schema';
import type { Labels } from '../store/labels';
import { sortedLabels } from '../store/alert-identity';
import { compileLabelMatch } from './label-match';

export interface CompiledRoute {
  index: number;
  /** Position plus a hash of the route's text: editing a route starts its groups afresh. */
  key: string;
  matches: (labels: Labels) => boolean;
  channels: string[];
  continue: boolean;
  /** Label names, or null for `...` (every label: one group per alert). */
  groupBy: string[] | null;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatMs: number;
  repeatBackoff: number;
  repeatMaxMs: number;
  muteWhen: string[];
}

export function compileRoutes(routes: readonly RouteConfig[]): CompiledRoute[] {
  return routes.map((route, index) => ({
    index,
    key: `${index}:${createHash('sha256').update(JSON.stringify(route)).digest('hex').slice(0, 8)}`,
    matches: compileLabelMatch(route.match, route.match_re),
    channels: route.notify,
    continue: route.continue,
    groupBy: route.group_by.includes('...') ? null : route.group_by,
    groupWaitMs: route.group_wait,
    groupIntervalMs: route.group_interval,
    repeatMs: route.repeat,
    repeatBackoff: route.repeat_backoff,
    repeatMaxMs: route.repeat_max,
    muteWhen: route.mute_when,
  }));
}

/** The routes an alert takes: the first that matches, and the ones after it while `continue` says so. */
export function routesFor(routes: readonly CompiledRoute[], labels: Labels): CompiledRoute[] {
  const out: CompiledRoute[] = [];
  for (const route of routes) {
    if (!route.matches(labels)) continue;
    out.push(route);
    if (!route.continue) break;
  }
  return out;
}

export function groupLabelsOf(route: CompiledRoute, labels: Labels): Record<string, string> {
  if (route.groupBy === null) return sortedLabels(labels);
  const out: Record<string, string> = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) out[name] = labels[name];
  return sortedLabels(out);
}

export function groupKeyOf(route: CompiledRoute, groupLabels: Labels): string {
  return `${route.key}:{${Object.entries(groupLabels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(',')}}`;
}

/** The wait before the n-th reminder: repeat × backoff^n, at most repeat_max. */
export function repeatIntervalOf(route: CompiledRoute, remindersSent: number): number {
  return Math.min(route.repeatMaxMs, route.repeatMs * route.repeatBackoff ** remindersSent);
}
