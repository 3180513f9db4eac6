/**
 * Which side of cause and effect a series usually speaks for. A service's own resources (CPU,
 * memory, threads, descriptors, disk) moving is something it does; its probes failing, latency
 * and error lines are what it suffers, and a victim suffers them too (a noisy neighbour's CPU
 * slows the service next to it, which alerts first).
 */
export type SeriesRole = 'resource' | 'symptom';

const RESOURCE = /cpu|memory|resident|rss|heap|threads|open_fds|fds|disk|filesystem|inode|swap|gc_/;

export function seriesRole(metric: string): SeriesRole {
  return RESOURCE.test(metric) ? 'resource' : 'symptom';
}

const DURATION = /_seconds$|duration|latency/;
const PERCENT = /_percent$|_pct$/;
/** A latency that moved less than this is not yet a full symptom, however tight its baseline (a loaded machine's probe wobble). */
export const MATERIAL_LATENCY_S = 0.1;
/** Nor is a usage that moved less than this many percentage points (an idle process at 2 % against 2.5 %). */
export const MATERIAL_PERCENT = 5;
/** The materiality at which a move counts as a change of level at all (a baseline ends, a departure begins). */
export const MATERIAL_SHARE = 0.5;

/**
 * How much of a series' scaled deviation counts, by the size of its move in its own units: 30 → 90 ms
 * is 14 spreads of a quiet probe and still little a caller waits on, so it counts 0.6; a CPU at 2 %
 * going to 2.5 % is 5 spreads and counts 0.1. Only latencies and percentages have a scale of their
 * own here; other series count in full.
 */
export function materiality(metric: string, deviation: { peak: number; baselineMedian: number }): number {
  const moved = Math.abs(deviation.peak - deviation.baselineMedian);
  if (DURATION.test(metric)) return Math.min(1, moved / MATERIAL_LATENCY_S);
  if (PERCENT.test(metric)) return Math.min(1, moved / MATERIAL_PERCENT);
  return 1;
}

/** A count of the requests a service receives (not its errors, failures or timings). */
const RECEIVED_TRAFFIC = /requests?(_total)?$|_requests?_|_rps$|_qps$|throughput/;
const NOT_TRAFFIC = /error|fail|reject|drop|duration|latency|seconds|bytes/;

/**
 * Whether a series is the traffic a service receives falling: less reaching it because a caller
 * stopped calling (the caller failed, or a path to it broke), which says nothing against the
 * service itself. Its own failure shows in its probes, latency, errors or an outage instead.
 */
export function receivedTrafficFell(metric: string, deviation: { peak: number; baselineMedian: number }): boolean {
  return RECEIVED_TRAFFIC.test(metric) && !NOT_TRAFFIC.test(metric) && deviation.peak < deviation.baselineMedian;
}
