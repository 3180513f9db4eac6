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
});
