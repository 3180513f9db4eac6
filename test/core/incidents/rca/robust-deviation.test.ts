import { describe, expect, it } from 'vitest';
import { counterIncreases, deviationStrength, robustDeviation, robustScale } from '../../../../src/core/incidents/rca/robust-deviation';

const run = (start: number, values: number[]) => ({ ts: values.map((_, i) => start + i * 1_000), values });

describe('robust deviation (BARO: median/IQR before the onset)', () => {
  it('scores a step by baseline spreads and finds when it began', () => {
    const baseline = run(0, [10, 11, 9, 10, 12, 10, 11, 9, 10, 10]);
    const deviation = robustDeviation(baseline, run(10_000, [10, 11, 40, 42, 41, 43]));
    expect(deviation?.score).toBeGreaterThan(20);
    expect(deviation?.onset).toBe(12_000);
    expect(deviation?.baselineMedian).toBe(10);
    expect(deviation?.peak).toBe(43);
  });

  it('says how late its onset may be seen: the gap since the sample before, at least the usual sampling interval', () => {
    const every2s = (start: number, values: number[]) => ({ ts: values.map((_, i) => start + i * 2_000), values });
    const baseline = every2s(0, [10, 11, 9, 10, 12, 10, 11, 9, 10, 10]);
    expect(robustDeviation(baseline, every2s(20_000, [10, 40, 42, 41]))?.onsetGapMs).toBe(2_000);
    // A sample missed before the rise (a busy sampler): the rise may have begun any time in the 6 s since the last one.
    expect(robustDeviation(baseline, { ts: [20_000, 26_000, 28_000, 30_000], values: [10, 40, 42, 41] })?.onsetGapMs).toBe(6_000);
    // The first sample of the stretch after the baseline: the gap from the baseline's last sample.
    expect(robustDeviation(baseline, every2s(18_000 + 5_000, [40, 42, 41]))?.onsetGapMs).toBe(5_000);
    expect(robustDeviation(baseline, every2s(20_000, [10, 11, 10]))?.onsetGapMs).toBeUndefined();
  });

  it('says when a series that never stayed away first moved (isolated stalls: no onset, a first departure)', () => {
    const baseline = run(0, [10, 11, 9, 10, 12, 10, 11, 9, 10, 10]);
    const stalls = robustDeviation(baseline, run(10_000, [10, 11, 60, 10, 11, 70, 10, 10]));
    expect(stalls?.onset).toBeNull();
    expect(stalls?.firstAwayAt).toBe(12_000);
    expect(robustDeviation(baseline, run(10_000, [10, 11, 10, 9]))?.firstAwayAt).toBeUndefined();
  });

  it('is not moved by one odd sample', () => {
    const baseline = run(0, [10, 11, 9, 10, 12, 10, 11, 9, 10, 10]);
    const deviation = robustDeviation(baseline, run(10_000, [10, 11, 500, 10, 11, 10]));
    expect(deviation?.score).toBeLessThan(3);
    expect(deviation?.onset).toBeNull();
    expect(deviationStrength(deviation?.score ?? 0)).toBe(0);
  });

  it('reads a 0/1 probe going to 0 as a large move (a flat baseline has a spread of a twentieth of its level)', () => {
    const deviation = robustDeviation(run(0, [1, 1, 1, 1, 1, 1]), run(6_000, [1, 0, 0, 0]));
    expect(deviation?.score).toBe(20);
    expect(deviationStrength(20)).toBeGreaterThan(0.8);
  });

  it('one robust scale: median and IQR, the spread floored at 5 % of the level (and never 0)', () => {
    expect(robustScale([10, 11, 9, 10, 12, 10, 11, 9, 10, 10])).toEqual({ median: 10, spread: 0.75 });
    expect(robustScale([40, 40, 40, 40, 40])).toEqual({ median: 40, spread: 2 });
    expect(robustScale([0, 0, 0, 0, 0]).spread).toBeGreaterThan(0);
  });

  it('says nothing without enough history before the onset', () => {
    expect(robustDeviation(run(0, [1, 2]), run(2_000, [50, 60, 70]))).toBeNull();
  });

  it('turns a counter into its increases, a reset counting from zero', () => {
    expect(counterIncreases(run(0, [5, 7, 7, 12, 3])).values).toEqual([2, 0, 5, 3]);
  });
});

describe('a drift already under way before the onset', () => {
  it('scores less than the same move starting at the onset', () => {
    const window = run(20_000, [40, 42, 44, 46]);
    const flat = robustDeviation(run(0, [10, 11, 9, 10, 12, 10, 11, 9, 10, 10]), window);
    const drifting = robustDeviation(run(0, [10, 13, 16, 19, 22, 25, 28, 31, 34, 37]), window);
    expect(flat?.score).toBeGreaterThan(10);
    expect(drifting?.score).toBeLessThan(1);
  });

  it('does not discount a move far past where the drift leads (a young process’s heap creeping, then a leak)', () => {
    // Memory in MB every 2 s: creeping 57.0 → 58.9 (steady: Kendall's tau 1), then 80, 120, ... 690 (40 MB/s).
    const baseline = { ts: Array.from({ length: 20 }, (_, i) => i * 2_000), values: Array.from({ length: 20 }, (_, i) => 57 + i * 0.1) };
    const leak = { ts: Array.from({ length: 10 }, (_, i) => 40_000 + i * 2_000), values: Array.from({ length: 10 }, (_, i) => 80 + i * 68) };
    expect(robustDeviation(baseline, leak)?.score).toBeGreaterThan(100);
    // The same creep going on, or stopping short of its trend, is still the drift.
    const creepOn = { ts: leak.ts, values: leak.ts.map((at) => 57 + (at / 2_000) * 0.1) };
    expect(robustDeviation(baseline, creepOn)?.score ?? 0).toBeLessThan(3);
  });
});

describe('a blip that was over when the incident opened', () => {
  // A probe at ~10 ms every second; the incident opens at 30 s.
  const baseline = run(0, [10, 11, 9, 10, 12, 10, 11, 9, 10, 10]);
  const OPENED = 30_000;

  it('is not the onset: a probe slowed by a busy machine 8 s before, back at its baseline for 5 s, then slowed by the fault', () => {
    // 20-31 s: 10 ms; 22-24 s: 300 ms (the blip); 25-31 s: back; 32 s on: 600 ms (the fault reaching it).
    const window = run(20_000, [10, 11, 300, 320, 310, 10, 11, 10, 9, 10, 11, 10, 600, 610, 620]);
    const deviation = robustDeviation(baseline, window, { openedAt: OPENED });
    expect(deviation?.onset).toBe(32_000);
    expect(deviation?.peak).toBe(620);
    // Without the incident's opening the blip is the onset, as before.
    expect(robustDeviation(baseline, window)?.onset).toBe(22_000);
  });

  it('is not a deviation at all when nothing moved after it', () => {
    const window = run(20_000, [10, 11, 300, 320, 310, 10, 11, 10, 9, 10, 11, 10, 10, 11, 10]);
    const deviation = robustDeviation(baseline, window, { openedAt: OPENED });
    expect(deviation?.onset).toBeNull();
    expect(deviation?.score).toBeLessThan(3);
  });

  it('still counts a departure under way when the incident opened, however early it began', () => {
    // A leak's memory rising from 22 s: beyond its baseline at every sample up to the opening.
    const window = run(20_000, [10, 11, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140]);
    expect(robustDeviation(baseline, window, { openedAt: OPENED })?.onset).toBe(22_000);
    // One sample back within the threshold just before the opening is no recovery either.
    const dipped = run(20_000, [10, 11, 40, 50, 60, 70, 80, 90, 100, 10, 120, 130, 140]);
    expect(robustDeviation(baseline, dipped, { openedAt: OPENED })?.onset).toBe(22_000);
  });
});

describe('a departure is a material move', () => {
  it('a probe’s millisecond wobble on a tight baseline begins none, and does not keep a blip from being over', () => {
    // 10 ms ± 1; from 20 s a busy machine's 15-18 ms (5-8 spreads, 5-8 ms: no caller waits on that), a 300 ms blip at 24-26 s, 600 ms from 34 s.
    const baseline = run(0, [0.01, 0.011, 0.009, 0.01, 0.012, 0.01, 0.011, 0.009, 0.01, 0.01]);
    const window = run(20_000, [0.016, 0.018, 0.015, 0.017, 0.3, 0.31, 0.3, 0.016, 0.018, 0.015, 0.017, 0.016, 0.018, 0.017, 0.6, 0.61, 0.6]);
    expect(robustDeviation(baseline, window, { metric: 'probe_duration_seconds' })?.onset).toBe(24_000);
    expect(robustDeviation(baseline, window, { metric: 'probe_duration_seconds', openedAt: 32_000 })?.onset).toBe(34_000);
    // Without the metric every wobble is away: the first is the onset.
    expect(robustDeviation(baseline, window, { openedAt: 32_000 })?.onset).toBe(20_000);
  });
});
