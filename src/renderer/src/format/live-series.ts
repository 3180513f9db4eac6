import type uPlot from 'uplot';
import { alignSeries, type TimedValues } from './chart-data';

/**
 * Points of a few series kept for a live chart: filled once from the store, then appended to
 * as checks or samples arrive, and trimmed to the visible window. Lives outside React.
 */
export class LiveSeries {
  private series: TimedValues[];

  constructor(count: number) {
    this.series = Array.from({ length: count }, () => ({ ts: [], values: [] }));
  }

  /** Replaces everything (a fetch from the store). */
  reset(series: TimedValues[]): void {
    this.series = series.map((one) => ({ ts: [...one.ts], values: [...one.values] }));
  }

  /** Adds a point to one series unless it is not newer than that series' last point. */
  append(index: number, ts: number, value: number | null): boolean {
    const one = this.series[index];
    if (one === undefined || value === null || !Number.isFinite(value)) return false;
    const last = one.ts.at(-1);
    if (last !== undefined && ts <= last) return false;
    one.ts.push(ts);
    one.values.push(value);
    return true;
  }

  trimBefore(start: number): void {
    for (const one of this.series) {
      let drop = 0;
      while (drop < one.ts.length && (one.ts[drop] as number) < start) drop++;
      if (drop > 0) {
        one.ts.splice(0, drop);
        one.values.splice(0, drop);
      }
    }
  }

  aligned(gapMs: number): uPlot.AlignedData {
    return alignSeries(this.series, gapMs);
  }
}
