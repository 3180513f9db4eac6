import { describe, expect, it } from 'vitest';
import { quantile } from '../../../../src/core/analysis/advice/robust-stats';
import { materiality } from '../../../../src/core/incidents/rca/series-role';
import { ownChangePoint } from '../../../../src/core/incidents/rca/own-baseline';
import { DEVIATION_THRESHOLD, MIN_BASELINE_SAMPLES, type Samples } from '../../../../src/core/incidents/rca/robust-deviation';
import { SortedWindow } from '../../../../src/core/incidents/rca/sorted-window';

/** A seeded generator: the same series every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** ownChangePoint as it was written before the window: each candidate's baseline sliced and sorted three times. */
function changePointBySorting(run: Samples, metric: string, earliest: number): number | null {
  for (let i = MIN_BASELINE_SAMPLES; i < run.values.length - 1; i++) {
    if ((run.ts[i] as number) < earliest) continue;
    const before = run.values.slice(Math.max(0, i - 120), i);
    const median = quantile(before, 0.5);
    const spread = Math.max(quantile(before, 0.75) - quantile(before, 0.25), Math.abs(median) * 0.05, 1e-6);
    const beyond = (value: number): boolean =>
      Math.abs(value - median) / spread > DEVIATION_THRESHOLD && materiality(metric, { peak: value, baselineMedian: median }) >= 0.5;
    if (beyond(run.values[i] as number) && beyond(run.values[i + 1] as number)) return i;
  }
  return null;
}

describe('SortedWindow', () => {
  it('holds the last values in ascending order at every step, repeats and jumps included', () => {
    const next = random(7);
    const values = Array.from({ length: 600 }, () => Math.round(next() * 20) / 2);
    const window = new SortedWindow(values, 50);
    for (let end = 0; end <= values.length; end += end % 97 === 0 ? 60 : 1) {
      expect(window.endingAt(end)).toEqual(values.slice(Math.max(0, end - 50), end).sort((a, b) => a - b));
    }
  });
});

describe('ownChangePoint with a sorted window', () => {
  it('finds the same change point as sorting each baseline, on 120 random series with and without a change', () => {
    const next = random(42);
    let found = 0;
    for (let seed = 0; seed < 120; seed++) {
      const length = 50 + Math.floor(next() * 400);
      const level = next() * 100;
      const changeAt = next() < 0.7 ? Math.floor(next() * length) : length;
      const ts = Array.from({ length }, (_, i) => 1_000_000 + i * 1_000);
      const values = ts.map((_, i) => level * (i >= changeAt ? 1 + next() * 3 : 1) + (next() - 0.5) * level * 0.1);
      const run = { ts, values };
      const earliest = 1_000_000 + Math.floor(next() * length) * 500;
      const expected = changePointBySorting(run, 'process_cpu_usage_percent', earliest);
      if (expected !== null) found++;
      expect(ownChangePoint(run, 'process_cpu_usage_percent', earliest)).toBe(expected);
    }
    expect(found).toBeGreaterThan(20);
  });

  it('still answers as before for a series holding NaN', () => {
    const ts = Array.from({ length: 200 }, (_, i) => i * 1_000);
    const values = ts.map((_, i) => (i === 40 ? Number.NaN : i >= 150 ? 80 : 5 + (i % 3)));
    expect(ownChangePoint({ ts, values }, 'process_cpu_usage_percent', 0)).toBe(changePointBySorting({ ts, values }, 'process_cpu_usage_percent', 0));
  });
});
