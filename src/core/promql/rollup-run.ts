import type { SeriesStore } from '../store/series-store';
import type { Tier } from '../store/tiers';
import type { RollupRun } from './series-source';

/**
 * One series read from a rolled-up tier for a range query, as Thanos reads a downsampled block:
 * each minute (or hour) bucket is one point stamped at the bucket's last millisecond — so a step
 * never sees samples after it — whose value is the bucket's average, carrying its min, max, sum
 * and count for the range functions that can use them exactly (`max_over_time`, `sum_over_time`,
 * ...). A last bucket that reaches past `end` is made of the raw samples up to `end` instead (the
 * stored bucket would hold later ones), stamped at `end`.
 */
export function readRollupRun(store: SeriesStore, tier: Exclude<Tier, 'raw'>, seriesId: number, start: number, end: number): RollupRun {
  const { stepMs, ts, min, max, sum, count } = store.reader.readTier(seriesId, tier, start, end);
  const lastStart = ts.at(-1);
  if (lastStart !== undefined && lastStart + stepMs - 1 > end) {
    ts.pop();
    min.pop();
    max.pop();
    sum.pop();
    count.pop();
    const tail = store.reader.readRaw(seriesId, lastStart, end);
    if (tail.values.length > 0) {
      ts.push(lastStart);
      min.push(tail.values.reduce((lowest, value) => Math.min(lowest, value)));
      max.push(tail.values.reduce((highest, value) => Math.max(highest, value)));
      sum.push(tail.values.reduce((total, value) => total + value, 0));
      count.push(tail.values.length);
    }
  }
  return {
    ts: ts.map((bucketStart) => Math.min(bucketStart + stepMs - 1, end)),
    values: sum.map((total, i) => total / (count[i] as number)),
    rollup: { min, max, sum, count },
  };
}
