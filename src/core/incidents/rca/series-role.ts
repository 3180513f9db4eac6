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
