import type { z } from 'zod';
import type { FleetLogsInput } from '../../shared/contract/fleet';
import { ZervigoError } from '../../shared/errors';
import type { FleetLogs, OnHost } from '../../shared/types/fleet';
import type { LogHit, LogSearchResult } from '../../shared/types/logs';
import { LOCAL_HOST } from '../../shared/fleet-hosts';

/** How long a fleet-wide log search waits for an agent. */
export const FLEET_LOGS_TIMEOUT_MS = 5_000;

export type FleetLogsQuery = z.output<typeof FleetLogsInput>;

/** A host that can search its own logs: this console's store, or an agent through its `logs.search`. */
export interface LogHost {
  name: string;
  search: (input: Record<string, unknown>) => Promise<LogSearchResult>;
}

/**
 * One search on several hosts, each by its own `logs.search`, merged newest first. Nothing is cut
 * in the merge: each host gives its newest `limit` lines and a cursor of its own, so "older" goes
 * on exactly where each host stopped. A host that cannot answer is named in `missing`, with why.
 */
export async function searchFleetLogs(input: FleetLogsQuery, hosts: LogHost[]): Promise<FleetLogs> {
  const { hosts: wanted, cursors: cursorList, ...search } = input;
  const known = new Set(hosts.map((host) => host.name));
  const cursors = new Map<string, string>();
  for (const entry of cursorList ?? []) {
    const colon = entry.lastIndexOf(':');
    cursors.set(entry.slice(0, colon), entry.slice(colon + 1));
  }
  for (const name of [...(wanted ?? []), ...cursors.keys()]) {
    if (!known.has(name)) throw new ZervigoError('not_found', `no host "${name}" (hosts: ${[...known].join(', ')})`);
  }
  const asked = hosts.filter((host) => (wanted === undefined || wanted.includes(host.name)) && (cursorList === undefined || cursors.has(host.name)));
  const answers = await Promise.allSettled(
    asked.map((host) => {
      const cursor = cursors.get(host.name);
      return host.search({ ...search, ...(cursor === undefined ? {} : { cursor }) });
    }),
  );
  const lines: OnHost<LogHit>[] = [];
  const terms = new Set<string>();
  const result: Omit<FleetLogs, 'lines' | 'terms'> = { cursors: {}, complete: true, tookMs: 0, missing: [] };
  let total: FleetLogs['total'] = cursorList === undefined ? { count: 0, exact: true } : undefined;
  answers.forEach((answer, index) => {
    const host = (asked[index] as LogHost).name;
    if (answer.status === 'rejected') {
      result.missing.push({ agent: host, reason: (answer.reason as Error).message });
      return;
    }
    const found = answer.value;
    for (const line of found.lines) lines.push({ ...line, host });
    for (const term of found.terms) terms.add(term);
    result.cursors[host] = found.nextCursor;
    result.complete &&= found.complete;
    result.tookMs = Math.max(result.tookMs, found.tookMs);
    total = total === undefined || found.total === undefined ? undefined : { count: total.count + found.total.count, exact: total.exact && found.total.exact };
  });
  lines.sort((a, b) => b.ts - a.ts || (a.host === b.host ? b.id - a.id : a.host < b.host ? -1 : 1));
  return { lines, terms: [...terms], ...result, ...(total === undefined ? {} : { total }) };
}

/** This console's own store as a host. */
export function localLogHost(search: LogHost['search']): LogHost {
  return { name: LOCAL_HOST, search };
}
