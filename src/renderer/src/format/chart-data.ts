import uPlot from 'uplot';

export interface TimedValues {
  /** ms since the epoch, ascending */
  ts: number[];
  values: number[];
}

/**
 * Several series on one time axis for uPlot (seconds). A stretch longer than `gapMs` without
 * samples becomes a gap (null), never a line drawn across it; where one series simply has no
 * sample at another's time, the line continues (uPlot spans undefined).
 */
export function alignSeries(series: readonly TimedValues[], gapMs: number): uPlot.AlignedData {
  if (series.length === 0) return [[]];
  const tables = series.map((one): uPlot.AlignedData => {
    const xs: number[] = [];
    const ys: (number | null)[] = [];
    for (let i = 0; i < one.ts.length; i++) {
      const ts = one.ts[i] as number;
      const previous = i > 0 ? (one.ts[i - 1] as number) : null;
      if (previous !== null && ts - previous > gapMs) {
        xs.push((previous + (ts - previous) / 2) / 1000);
        ys.push(null);
      }
      xs.push(ts / 1000);
      ys.push(one.values[i] as number);
    }
    return [xs, ys];
  });
  if (tables.length === 1) return tables[0] as uPlot.AlignedData;
  return uPlot.join(tables);
}

/** How long without samples counts as a gap: a few expected intervals, never less than a bucket. */
export function gapThreshold(stepMs: number, intervalMs: number): number {
  return Math.max(stepMs, intervalMs) * 2.5;
}
