import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { logRangeCovering } from '../../format/evidence-link';
import { explorePath } from '../../pages/explore/explore-location';
import { hostPath } from '../../pages/fleet/host-path';
import { logsRoutePath } from '../../pages/logs/logs-route';
import { terminalPath } from '../../pages/terminals/terminal-path';

const LOG_RANGES = new Set(['15m', '1h', '6h', '24h', '7d', 'all']);

/** A time as the contract takes it (ms or seconds, ISO text, "15m" ago) in ms; null when it cannot be read here. */
function msOf(value: string | number | undefined, now: number): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
  const ago = /^(\d+)(m|h|d)$/.exec(value.trim());
  if (ago !== null) return now - Number(ago[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2] as 'm' | 'h' | 'd'];
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * A command that only shows something (logs, a metric, alerts, insights, a terminal) is a page to open, with the
 * filter and range set: the console shows it better than a reply would. Null: run it. On an
 * agent's pages (`host`) its logs are the agent's lines.
 */
export function viewPathOf(command: AssistantCommand, now: number, host: string = LOCAL_HOST): string | null {
  const logsHost = host === LOCAL_HOST ? null : host;
  const onHost = (page: string): string => (host === LOCAL_HOST ? page : hostPath(host, page));
  switch (command.command) {
    case 'logs.search': {
      const input = command.input ?? { query: '' };
      const start = msOf(input.start, now);
      const range = input.range !== undefined && LOG_RANGES.has(input.range) ? input.range : start !== null ? logRangeCovering(start, now) : null;
      return logsRoutePath({ query: input.query ?? '', anchor: null, scope: 'all', range, host: logsHost });
    }
    case 'logs.tail':
      return logsRoutePath({ query: command.input.query ?? '', anchor: null, scope: 'all', range: null, host: logsHost });
    case 'metrics.query': {
      const start = msOf(command.input.start, now);
      const end = msOf(command.input.end, now) ?? now;
      return explorePath({
        query: command.input.query,
        range: start === null || start >= end ? { kind: 'relative', key: '1h' } : { kind: 'absolute', start, end },
      });
    }
    // The pages list them better than a reply; their own filters narrow them.
    case 'alerts.list':
      return onHost('/alerts');
    case 'insights.list':
      return onHost('/insights');
    case 'services.get':
      return onHost(`/services/${encodeURIComponent(command.input.service)}`);
    case 'services.list':
      return onHost('/services');
    case 'audit.list':
      return onHost('/audit');
    case 'incidents.list':
      return onHost('/incidents');
    // The console's own pages: an agent's jobs and deploys are on its own console.
    case 'jobs.runs':
      return '/jobs';
    case 'deploys.list':
      return '/deploys';
    case 'terminal.open': {
      const target = command.input.target;
      return target.kind === 'tmux' ? terminalPath(target.window === undefined ? target.session : `${target.session}:${target.window}`) : '/terminals';
    }
    default:
      return null;
  }
}

/**
 * Why a command cannot be shown from an agent's pages (null: it can): Explore charts this
 * console's own series, and a terminal attaches to this console's tmux.
 */
export function notOnAgentPages(command: AssistantCommand, agent: string): string | null {
  if (command.command === 'metrics.query') return `charts show this console's own series, not ${agent}'s`;
  if (command.command === 'terminal.open') return `a terminal runs on ${agent}: open it from ${agent}'s own console`;
  if (command.command === 'jobs.runs' || command.command === 'deploys.list') return `${agent}'s jobs and deploys are on its own console`;
  return null;
}
