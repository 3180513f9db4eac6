import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from '../../../src/core/analysis/anomaly/anomaly-detector';
import { RareLevelRate } from '../../../src/core/analysis/anomaly/rare-level-rate';
import { ReferenceWindow } from '../../../src/core/analysis/anomaly/reference-window';
import { StateWriter } from '../../../src/core/analysis/anomaly/state-codec';
import { SeriesScorer } from '../../../src/core/analysis/series-scorer';
import { RISES, STABLE, measureRise, seededUniform } from '../../../bench/analysis/rate-change';
import { DAY, HOUR, MINUTE, T0, seededNormal } from './series-generator';

/**
 * A 0/1 `probe_success` whose failures become more frequent and stay so: found by counting
 * departures from its level over its whole memory (rare-level-rate.ts), where before only the
 * ~16-sample shift view or a lone failure's surprise could see it (bench/analysis/rate-change.ts).
 */
const engineScorer = (): SeriesScorer => SeriesScorer.create('probe_success', {});
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** What the detector's strangest-view rule makes of the view's surprisal on a 0/1 series (five views looking, and the three run views). */
const ALARM_AFTER_BONFERRONI = 5 + Math.log(8);

describe('a rise in how often a 0/1 series fails', () => {
  // Without the view, 0.1 % -> 3 % took 1,120 and 1,164 samples on seeds 1 and 2, and 1 % -> 5 % was not found within 2,000 on seeds 1, 5 and 6.
  const cases: Array<[(typeof RISES)[number], number]> = [
    [RISES[0] as (typeof RISES)[number], 400],
    [RISES[2] as (typeof RISES)[number], 900],
  ];
  for (const [rise, within] of cases) {
    it(`${rise.name} is alarmed within ${within} samples of the rise on every seed, after a day learned`, () => {
      const { found } = measureRise(engineScorer, rise, SEEDS);
      for (const samples of found) {
        expect(samples, found.join(' ')).not.toBeNull();
        expect(samples as number, found.join(' ')).toBeLessThanOrEqual(within);
      }
    });
  }

  it('dates the alarm at the start of the rise, and holds its episode for the next 100 samples', () => {
    const uniform = seededUniform(1);
    const scorer = engineScorer();
    let t = T0;
    for (let i = 0; i < 8640; i++) scorer.update((t += 10_000), uniform() < 0.001 ? 0 : 1);
    const rose = t;
    for (let i = 0; i < 2000; i++) {
      const sample = scorer.update((t += 10_000), uniform() < 0.03 ? 0 : 1);
      if (sample.started === undefined) continue;
      expect(sample.value).toBe(0);
      expect(sample.started.typical).toBe(1);
      // The CUSUM that alarmed left 0 at a failure after the rise, samples before the alarm.
      expect(sample.started.at).toBeGreaterThan(rose);
      expect(sample.started.at).toBeLessThan(t);
      // The episode holds while the failures go on (most samples back at 1): a rule `> 0.99 for 2m` fires;
      // a restart part-way through (the state saved with the series) holds it the same.
      const restored = SeriesScorer.restore(scorer.serialize(), 'probe_success', {});
      const next = Array.from({ length: 100 }, () => {
        const value = uniform() < 0.03 ? 0 : 1;
        const later = scorer.update((t += 10_000), value);
        expect(restored.update(t, value)).toEqual(later);
        return later;
      });
      expect(next.every((later) => (later.score ?? 0) >= 0.99)).toBe(true);
      expect(next.filter((later) => later.started !== undefined)).toHaveLength(0);
      // Then it ends, as the detector's hold does; the rise is news once.
      const after = Array.from({ length: 200 }, () => scorer.update((t += 10_000), uniform() < 0.03 ? 0 : 1));
      expect(after[0]?.score ?? 1).toBeLessThan(0.99);
      expect(after.filter((later) => later.started !== undefined)).toHaveLength(0);
      return;
    }
    throw new Error('no episode');
  });
});

describe('failure rates that stay as they were', () => {
  for (const pattern of STABLE) {
    it(`never reach the alarm through the view: ${pattern.name}, 200,000 samples after a day (2 seeds)`, () => {
      for (const seed of [1, 2]) {
        const next = pattern.next(seededUniform(seed));
        const view = new RareLevelRate();
        const reference = new ReferenceWindow();
        let strongest = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < 208_640; i++) {
          const value = next();
          const surprisal = view.surprisal(value, reference, T0 + i * 10_000);
          reference.offer(value);
          if (i >= 8640 && !Number.isNaN(surprisal)) strongest = Math.max(strongest, surprisal);
        }
        expect(strongest).toBeLessThan(ALARM_AFTER_BONFERRONI);
      }
    });
  }
});

describe('failures that come at the same hour every day', () => {
  it('a nightly half hour at 5 % failing (0.1 % otherwise) is the usual rate of that hour once a few nights are seen', () => {
    for (const seed of [1, 2, 3]) {
      const uniform = seededUniform(seed);
      const view = new RareLevelRate();
      const reference = new ReferenceWindow();
      let strongest = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < 20 * 8640; i++) {
        const t = T0 + i * 10_000;
        const phase = (t - T0) % DAY;
        const nightly = phase >= 2 * HOUR && phase < 2 * HOUR + 30 * MINUTE;
        const value = uniform() < (nightly ? 0.05 : 0.001) ? 0 : 1;
        const surprisal = view.surprisal(value, reference, t);
        reference.offer(value);
        // From the 6th night on (the first nights are news: nothing said failures come then).
        if (i >= 5 * 8640 && !Number.isNaN(surprisal)) strongest = Math.max(strongest, surprisal);
      }
      // Counting every hour alike, it reached 3-20 nats a night, 7.1 (the alarm) or more on most nights (seeds 1-3).
      expect(strongest).toBeLessThan(ALARM_AFTER_BONFERRONI);
    }
  });
});

describe('series that are not levelled', () => {
  it('says nothing and keeps nothing on a continuous series', () => {
    const normal = seededNormal(3);
    const view = new RareLevelRate();
    const reference = new ReferenceWindow();
    const fresh = new AnomalyDetector().serialize();
    const detector = new AnomalyDetector();
    for (let i = 0; i < 20_000; i++) {
      const value = Math.fround(50 + 5 * normal());
      expect(view.surprisal(value, reference, T0 + i * 1000)).toBeNaN();
      reference.offer(value);
      detector.update(T0 + i * 1000, value);
    }
    // The view's bytes are those of a view that never saw a sample: its level, none (a NaN float32),
    // and nothing else; the detector's state ends with them.
    const bytes = (rate: RareLevelRate): Uint8Array => {
      const out = new StateWriter();
      rate.write(out);
      return out.result();
    };
    expect(bytes(view)).toEqual(bytes(new RareLevelRate()));
    expect(bytes(view)).toHaveLength(4);
    expect(detector.serialize().slice(-4)).toEqual(fresh.slice(-4));
  });

  it('counts afresh when the series settles on another level', () => {
    const uniform = seededUniform(4);
    const detector = new AnomalyDetector();
    let t = T0;
    for (let i = 0; i < 8640; i++) detector.update((t += 10_000), uniform() < 0.01 ? 0 : 1);
    // Down for good: 0 is the level now, and its rare departures (a success) are another rate.
    const scores: number[] = [];
    for (let i = 0; i < 8000; i++) scores.push(detector.update((t += 10_000), uniform() < 0.01 ? 1 : 0).score ?? 0);
    // Alarmed when it went down; after the new level is learned, its 1 % of successes are not news.
    expect(scores.slice(4000).filter((score) => score >= 0.99)).toHaveLength(0);
  });
});
