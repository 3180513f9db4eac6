/** Why samples were not delivered: the `reason` label of remote_write_samples_dropped_total. */
export type DropReason = 'too_old' | 'backlog_full' | 'http_4xx' | 'http_429' | 'out_of_order';

export const DROP_REASONS: readonly DropReason[] = ['too_old', 'backlog_full', 'http_4xx', 'http_429', 'out_of_order'];

/** Counters of one receiver since this engine started (Prometheus' remote storage counters in spirit). */
export class RemoteWriteCounters {
  sent = 0;
  retried = 0;
  readonly dropped: Record<DropReason, number> = { too_old: 0, backlog_full: 0, http_4xx: 0, http_429: 0, out_of_order: 0 };
}
