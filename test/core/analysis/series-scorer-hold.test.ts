import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from '../../../src/core/analysis/anomaly/anomaly-detector';
import { ALARM_SCORE } from '../../../src/core/analysis/anomaly/anomaly-episode';
import { SeriesScorer, type ScoredSample } from '../../../src/core/analysis/series-scorer';
import { T0, seededNormal } from './series-generator';

/**
 * The alarm hold (one alarm per incident) must not swallow a second incident: a loopback probe's
 * latency, learned at ~1 ms, blips once to 30 ms (a busy machine, a GC pause), comes back, and a
 * few samples later an outage moves it to 450 ms for good. The blip's episode is over, so the
 * outage is news and must reach the alarm level. A departure that simply goes on, or comes back
 * for a sample now and then, stays one alarm.
 */
const STEP_MS = 600;

const METRIC = 'probe_duration_seconds';

interface LearnedLatency {
  scorer: SeriesScorer;
  feed: (value: number) => ScoredSample;
  /** The time of the last sample fed. */
  now: () => number;
  quick: () => number;
  slow: () => number;
}

function learnedLatency(seed: number): LearnedLatency {
  const noise = seededNormal(seed);
  const scorer = SeriesScorer.create(METRIC, {});
  let t = T0;
  const feed = (value: number): ScoredSample => scorer.update((t += STEP_MS), value);
  const quick = (): number => 0.001 * Math.exp(0.15 * noise());
  const slow = (): number => 0.45 * Math.exp(0.02 * noise());
  for (let i = 0; i < 300; i++) feed(quick());
  return { scorer, feed, now: () => t, quick, slow };
}

function feedMany(count: number, next: () => ScoredSample): ScoredSample[] {
  return Array.from({ length: count }, next);
}

function described(samples: readonly ScoredSample[]): string {
  return samples.map((sample) => (sample.score ?? 0).toFixed(3)).join(' ');
}

describe('SeriesScorer: a blip does not hold back the next incident', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    for (const calm of [5, 12, 19]) {
      it(`alarms on a sustained shift to 450 ms ${calm} samples after a 30 ms blip (seed ${seed})`, () => {
        const { feed, now, quick, slow } = learnedLatency(seed);
        expect(feed(0.03).score).toBeGreaterThanOrEqual(ALARM_SCORE);
        feedMany(calm, () => feed(quick()));
        const shiftBegan = now() + STEP_MS;
        const shift = feedMany(60, () => feed(slow()));
        const alarmAt = shift.findIndex((sample) => (sample.score ?? 0) >= ALARM_SCORE);
        expect(alarmAt, described(shift.slice(0, 8))).toBeGreaterThanOrEqual(0);
        expect(alarmAt).toBeLessThan(5);
        // A new episode, saying what moved: 450 ms, typically ~1 ms.
        const started = shift[alarmAt]?.started;
        expect(started?.value).toBeGreaterThan(0.4);
        expect(started?.typical).toBeLessThan(0.002);
        // Dated when the latency moved (its first slow sample), not when the departure was seen to last.
        expect(started?.at).toBe(shiftBegan);
        // One alarm for the outage: at the alarm level while it lasts, started once.
        expect(Math.min(...shift.slice(alarmAt, 60).map((sample) => sample.score ?? 0)), described(shift)).toBeGreaterThanOrEqual(ALARM_SCORE);
        expect(shift.filter((sample) => sample.started !== undefined)).toHaveLength(1);
      });
    }
  }

  for (const seed of [1, 2, 3]) {
    it(`holds a second one-sample blip below the alarm level (seed ${seed})`, () => {
      const { feed, quick } = learnedLatency(seed);
      expect(feed(0.03).started).toBeDefined();
      feedMany(12, () => feed(quick()));
      const after = [feed(0.03), ...feedMany(30, () => feed(quick()))];
      expect(Math.max(...after.map((sample) => sample.score ?? 0)), described(after)).toBeLessThan(ALARM_SCORE);
    });

    it(`keeps one alarm for an outage that comes back for a sample now and then (seed ${seed})`, () => {
      const { feed, quick, slow } = learnedLatency(seed);
      const outage: ScoredSample[] = [];
      for (let burst = 0; burst < 8; burst++) outage.push(...feedMany(10, () => feed(slow())), feed(quick()), feed(quick()));
      expect(outage[0]?.started).toBeDefined();
      expect(outage.filter((sample) => sample.started !== undefined)).toHaveLength(1);
    });
  }

  it('continues a new departure being watched across a restore exactly as without one', () => {
    const whole = learnedLatency(7);
    const cut = learnedLatency(7);
    const values = [0.03, ...Array.from({ length: 10 }, whole.quick), ...Array.from({ length: 30 }, whole.slow)];
    const straight = values.map((value) => whole.feed(value));
    // Cut after the blip, the quiet samples and the shift's first held sample: the watch is under way.
    expect(values.slice(0, 12).map((value) => cut.feed(value))).toEqual(straight.slice(0, 12));
    const restored = SeriesScorer.restore(cut.scorer.serialize(), METRIC, {});
    let t = T0 + (300 + 12) * STEP_MS;
    const after = values.slice(12).map((value) => restored.update((t += STEP_MS), value));
    expect(after).toEqual(straight.slice(12));
    expect(after.filter((sample) => sample.started !== undefined)).toHaveLength(1);
  });

  for (const [version, dropped] of [
    // Version 3 is version 4 without the usual interval (last sample time, usual interval: float64s; intervals seen: uint8).
    [3, 17],
    // Version 2 is version 3 without the watched departure's start (float64).
    [2, 17 + 8],
    // Version 1 is version 2 without the episode's last four fields (uint8, uint32, two float64).
    [1, 17 + 29],
  ] as const) {
    it(`reads a state saved as version ${version} and scores on`, () => {
      const run = learnedLatency(8);
      const saved = run.scorer.serialize();
      const older = saved.slice(0, saved.length - dropped);
      older[0] = version;
      const restored = SeriesScorer.restore(older, METRIC, {});
      const again = SeriesScorer.restore(saved, METRIC, {});
      const t = T0 + 301 * STEP_MS;
      expect(restored.update(t, 0.001)).toEqual(again.update(t, 0.001));
    });
  }

  it('dates a departure watched across a version-2 restore (no start kept) when it starts, as before', () => {
    const run = learnedLatency(9);
    expect(run.feed(0.03).started).toBeDefined();
    Array.from({ length: 10 }, () => run.feed(run.quick()));
    const first = run.feed(run.slow());
    expect(first.started).toBeUndefined();
    const saved = run.scorer.serialize();
    // Version 2: without the usual interval (17 bytes) and the watched departure's start (8).
    const older = saved.slice(0, saved.length - 17 - 8);
    older[0] = 2;
    const restored = SeriesScorer.restore(older, METRIC, {});
    let t = run.now();
    const after = Array.from({ length: 5 }, () => restored.update((t += STEP_MS), run.slow()));
    const started = after.find((sample) => sample.started !== undefined);
    expect(started?.started?.at).toBe(T0 + (300 + 1 + 10 + 1 + 2) * STEP_MS);
  });
});

describe('AnomalyDetector: the alarm it held down, and renewing its hold', () => {
  for (const renew of [false, true]) {
    for (const seed of [1, 2, 3]) {
      it(`${renew ? 'holds' : 'raises'} a record spike 110 samples after an alarm when the hold was ${renew ? '' : 'not '}renewed at 90 (seed ${seed})`, () => {
        const noise = seededNormal(seed);
        const detector = new AnomalyDetector();
        let t = T0;
        const feed = (value: number): number => detector.update((t += 10_000), value).score ?? 0;
        for (let i = 0; i < 500; i++) feed(noise());
        expect(feed(30)).toBeGreaterThanOrEqual(ALARM_SCORE);
        expect(detector.heldAlarmScore).toBeNaN();
        for (let i = 0; i < 90; i++) feed(noise());
        if (renew) detector.renewAlarm(0.999);
        for (let i = 0; i < 20; i++) feed(noise());
        const spike = feed(36);
        if (renew) {
          expect(spike).toBeLessThan(ALARM_SCORE);
          expect(detector.heldAlarmScore).toBeGreaterThanOrEqual(ALARM_SCORE);
        } else {
          expect(spike).toBeGreaterThanOrEqual(ALARM_SCORE);
          expect(detector.heldAlarmScore).toBeNaN();
        }
        feed(noise());
        expect(detector.heldAlarmScore).toBeNaN();
      });
    }
  }
});
