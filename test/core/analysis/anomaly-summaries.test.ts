import { describe, expect, it } from 'vitest';
import { AnomalyEpisode } from '../../../src/core/analysis/anomaly/anomaly-episode';
import { ReferenceWindow } from '../../../src/core/analysis/anomaly/reference-window';
import { StateReader, StateWriter } from '../../../src/core/analysis/anomaly/state-codec';

/**
 * The per-sample shortcuts of the detector's hot path give the very numbers of the slow way:
 * the reference window's median and spread (kept from its last insert, not recomputed per read)
 * and an episode's typical value (a selection, not a sort).
 */
function sortedMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A repeatable sequence with many ties (a few levels) and some spread. */
function values(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const u = state / 2 ** 31;
    return u < 0.5 ? Math.floor(u * 10) : u * 100 - 40;
  });
}

describe('the detector hot path keeps the numbers of the slow way', () => {
  it("an episode's typical value is the median of its last 32 values, at every count and with ties", () => {
    for (const seed of [1, 2, 3]) {
      const episode = new AnomalyEpisode();
      const seen: number[] = [];
      expect(episode.typical()).toBeNaN();
      for (const value of values(80, seed)) {
        episode.apply(seen.length, value, 0);
        seen.push(value);
        expect(episode.typical()).toBe(sortedMedian(seen.slice(-32)));
      }
    }
  });

  it("the reference window's median and spread are its quantiles', after every value and after a restore", () => {
    const window = new ReferenceWindow();
    const check = (one: ReferenceWindow): void => {
      expect(one.median()).toBe(one.quantile(0.5));
      expect(one.spread()).toBe(Math.max((one.quantile(0.9) - one.quantile(0.1)) / 2.563, Math.max(1e-6 * Math.abs(one.quantile(0.5)), 1e-12)));
    };
    expect(window.median()).toBeNaN();
    for (const value of values(3_000, 7)) {
      window.offer(value);
      check(window);
    }
    const out = new StateWriter();
    window.write(out);
    const restored = new ReferenceWindow();
    restored.read(new StateReader(out.result()));
    check(restored);
    expect(restored.median()).toBe(window.median());
    expect(restored.spread()).toBe(window.spread());
  });
});
