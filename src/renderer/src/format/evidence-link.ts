import type { EvidenceLink } from '../../../shared/types/incidents';
import { LOCAL_HOST } from '../../../shared/fleet-hosts';
import { explorePath } from '../pages/explore/explore-location';
import { logsRoutePath } from '../pages/logs/logs-route';

/** The Logs page's ranges, shortest first: a link asks for the shortest that still reaches back to its start. */
const LOG_RANGES: readonly [string, number][] = [
  ['15m', 15 * 60_000],
  ['1h', 3_600_000],
  ['6h', 6 * 3_600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
];

/** A search over the last this long covers `start`. */
export function logRangeCovering(start: number, now: number): string {
  return LOG_RANGES.find(([, ms]) => now - start <= ms)?.[0] ?? 'all';
}

/** What a link opens, in words (a link's text and its accessible name). */
export function evidenceLabel(link: EvidenceLink): string {
  switch (link.kind) {
    case 'chart':
      return 'chart';
    case 'logs':
      return `${link.service} logs`;
    case 'audit':
      return `audit entry ${link.auditId}`;
    case 'workspace':
      return `diff of version ${link.versionId}`;
    case 'alert':
      return 'alert';
  }
}

/**
 * The console path where a claim can be checked: a chart opens Explore on its query over the
 * evidence's range, log lines the Logs page on that service's lines back to the range's start (on
 * `host`, the host whose claim it is), an audit entry its row, an alert its history. A workspace
 * version's diff is shown in place (null).
 */
export function evidencePath(link: EvidenceLink, now: number, host: string = LOCAL_HOST): string | null {
  switch (link.kind) {
    case 'chart':
      return explorePath({ query: link.query, range: { kind: 'absolute', start: link.start, end: Math.max(link.end, link.start + 60_000) } });
    case 'logs':
      return logsRoutePath({
        query: [`service:${link.service}`, link.query ?? ''].join(' ').trim(),
        anchor: null,
        scope: 'all',
        range: logRangeCovering(link.start, now),
        host: host === LOCAL_HOST ? null : host,
      });
    case 'audit':
      return `/audit/${link.auditId}`;
    case 'alert':
      return `/alerts/${encodeURIComponent(link.fingerprint)}`;
    case 'workspace':
      return null;
  }
}
