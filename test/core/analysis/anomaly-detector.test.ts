import { describe, expect, it } from 'vitest';
import { AnomalyDetector, LEARNING_SAMPLES, type DetectorUpdate } from '../../../src/core/analysis/anomaly/anomaly-detector';
import { DAY, HOUR, MINUTE, T0, seededNormal, series, type Sample } from './series-generator';

const ALARM = 0.99;
/** Pure noise raises a few alarms per ten thousand samples at 0.99 (more while the detector is young). */
const NOISE_ALARMS_PER_2000 = 4;

function feed(detector: AnomalyDetector, samples: readonly Sample[]): DetectorUpdate[] {
  return samples.map(({ t, v }) => detector.update(t, v));
}

function reasonOf(update: DetectorUpdate | undefined): string {
  return update !== undefined && update.score === null ? update.reason : '';
}

function scoresOf(updates: readonly DetectorUpdate[]): number[] {
  return updates.map((update) => update.score ?? 0);
}

function alarmsIn(updates: readonly DetectorUpdate[], from = 0, to = updates.length): number {
  return updates.slice(from, to).filter((update) => update.score !== null && update.score >= ALARM).length;
}

/** Noise around 100 every 5 minutes, optionally with something added at some samples. */
function noisy(count: number, seed: number, extra: (i: number) => number = () => 0): Sample[] {
  const normal = seededNormal(seed);
  return series(count, 5 * MINUTE, (i) => 100 + 5 * normal() + extra(i));
}

describe('AnomalyDetector: scores', () => {
  it('learns before scoring, then gives a score in [0, 1] for every sample', () => {
    const updates = feed(new AnomalyDetector(), noisy(3000, 1));
    updates.slice(0, LEARNING_SAMPLES - 1).forEach((update) => {
      expect(update.score).toBeNull();
      expect(reasonOf(update)).toMatch(/^learning this series/);
    });
    for (const update of updates.slice(LEARNING_SAMPLES)) {
      expect(update.score).not.toBeNull();
      expect(update.score).toBeGreaterThanOrEqual(0);
      expect(update.score).toBeLessThan(1);
    }
  });

  it('raises the alarm at a spike, once, and on plain noise only at its calibrated rate', () => {
    const updates = feed(
      new AnomalyDetector(),
      noisy(3000, 2, (i) => (i === 2500 ? 80 : 0)),
    );
    // Pure noise alarms at a calibrated rate (bench/analysis measures it over 200,000 samples).
    expect(alarmsIn(updates, LEARNING_SAMPLES, 2500)).toBeLessThanOrEqual(NOISE_ALARMS_PER_2000);
    expect(updates[2500]?.score).toBeGreaterThanOrEqual(ALARM);
    expect(alarmsIn(updates, 2501, 2600)).toBe(0);
  });

  it('raises one alarm at a level shift, not one per sample of the new level', () => {
    const updates = feed(
      new AnomalyDetector(),
      noisy(3000, 3, (i) => (i >= 2000 ? 60 : 0)),
    );
    expect(alarmsIn(updates, LEARNING_SAMPLES, 2000)).toBeLessThanOrEqual(NOISE_ALARMS_PER_2000);
    const firstAlarm = updates.findIndex((update, i) => i >= 2000 && update.score !== null && update.score >= ALARM);
    expect(firstAlarm).toBeGreaterThanOrEqual(2000);
    expect(firstAlarm).toBeLessThan(2010);
    expect(alarmsIn(updates, 2000)).toBeLessThanOrEqual(2);
  });

  it('does not let a spike while learning hold back the alarm at a level shift soon after scoring starts', () => {
    // A spike at sample 70 or 95 was never reported (no score while learning), so there is no alarm
    // whose repeats to hold: the shift at 130 raises its own. Held, it read exactly 0.9 (the held
    // ceiling) for the next 100 samples: anomaly.e2e's "peak score 0.9 against > 0.99".
    for (const seed of [3, 4, 5]) {
      for (const spikeAt of [70, 95]) {
        const updates = feed(
          new AnomalyDetector(),
          noisy(300, seed, (i) => (i === spikeAt ? 40 : 0) + (i >= 130 ? 60 : 0)),
        );
        expect(updates[130]?.score, `seed ${seed}, spike at ${spikeAt}`).toBeGreaterThanOrEqual(ALARM);
      }
    }
  });

  it('learns that a daily spike is normal: after a few days only a larger one alarms', () => {
    // A backup at 02:00 every day takes the value to 150; on day 12 to 250.
    const normal = seededNormal(4);
    const samples = series(14 * 288, 5 * MINUTE, (_i, t) => {
      const day = Math.floor((t - T0) / DAY);
      if ((t - T0) % DAY === 2 * HOUR) return day === 12 ? 250 : 150;
      return 100 + 2 * normal();
    });
    const updates = feed(new AnomalyDetector(), samples);
    const spikeIndex = (day: number): number => (day * DAY + 2 * HOUR) / (5 * MINUTE);
    for (let day = 4; day < 12; day++) expect(updates[spikeIndex(day)]?.score ?? 0).toBeLessThan(0.99);
    expect(updates[spikeIndex(12)]?.score).toBeGreaterThanOrEqual(ALARM);
  });

  it('notices a daily peak that does not come, which no single value shows', () => {
    // A business-hours load: 20 at night, 80 from 08:00 to 18:00; on day 10 it stays at 20.
    const normal = seededNormal(5);
    const samples = series(14 * 288, 5 * MINUTE, (_i, t) => {
      const hour = ((t - T0) % DAY) / HOUR;
      const day = Math.floor((t - T0) / DAY);
      const busy = hour >= 8 && hour < 18 && day !== 10;
      return (busy ? 80 : 20) + normal();
    });
    const updates = feed(new AnomalyDetector(), samples);
    const dayTen = (10 * DAY) / (5 * MINUTE);
    const eightAm = dayTen + (8 * HOUR) / (5 * MINUTE);
    expect(alarmsIn(updates, (3 * DAY) / (5 * MINUTE), dayTen)).toBeLessThanOrEqual(NOISE_ALARMS_PER_2000);
    expect(alarmsIn(updates, eightAm, eightAm + 24)).toBeGreaterThanOrEqual(1);
  });
});

describe('AnomalyDetector: bad input gives a score or a reason, never a crash', () => {
  it('answers NaN and infinities with a reason and is not disturbed by them', () => {
    const samples = noisy(1000, 6);
    const clean = new AnomalyDetector();
    const dirty = new AnomalyDetector();
    const expected = scoresOf(feed(clean, samples));
    const got: number[] = [];
    samples.forEach(({ t, v }, i) => {
      if (i % 50 === 7) {
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          const update = dirty.update(t - 1, bad);
          expect(update.score).toBeNull();
          expect(reasonOf(update)).toContain('not a finite number');
        }
      }
      got.push(dirty.update(t, v).score ?? 0);
    });
    expect(got).toEqual(expected);
  });

  it('answers a bad timestamp and a repeated one with a reason', () => {
    const detector = new AnomalyDetector();
    expect(reasonOf(detector.update(Number.NaN, 1))).toBe('the timestamp is not a finite number');
    detector.update(T0, 1);
    expect(reasonOf(detector.update(T0, 2))).toBe('a second sample at the same timestamp');
  });

  it('scores a series with a single sample as learning, with a reason', () => {
    const detector = new AnomalyDetector();
    expect(detector.update(T0, 42)).toMatchObject({ score: null, reason: 'learning this series (1 of 100 samples)' });
    expect(AnomalyDetector.restore(detector.serialize()).update(T0 + MINUTE, 42).score).toBeNull();
  });

  it('keeps a flat series at 0 and alarms when it first moves', () => {
    const updates = feed(
      new AnomalyDetector(),
      series(2000, 10_000, (i) => (i < 1500 ? 45 : 45.5)),
    );
    expect(scoresOf(updates.slice(LEARNING_SAMPLES, 1500)).every((score) => score === 0)).toBe(true);
    expect(updates[1500]?.score).toBeGreaterThanOrEqual(ALARM);
  });

  it('keeps scoring across gaps of hours without alarming on the gap itself', () => {
    const normal = seededNormal(7);
    const samples: Sample[] = [];
    let t = T0;
    for (let i = 0; i < 2000; i++) {
      t += i === 1000 || i === 1500 ? 6 * HOUR : 10_000;
      samples.push({ t, v: 100 + normal() });
    }
    const updates = feed(new AnomalyDetector(), samples);
    expect(updates.slice(LEARNING_SAMPLES).every((update) => update.score !== null)).toBe(true);
    expect(alarmsIn(updates, 1000, 1010)).toBe(0);
    expect(alarmsIn(updates, 1500, 1510)).toBe(0);
  });

  it('reads a counter as its rate: a reset (restart) is not an anomaly, a rate change is', () => {
    const normal = seededNormal(8);
    let total = 0;
    const samples = series(3000, 10_000, (i) => {
      if (i === 1500) total = 0; // the process restarted
      total += (i >= 2500 ? 500 : 100) + 5 * normal();
      return total;
    });
    const detector = new AnomalyDetector({ counter: true });
    const updates = feed(detector, samples);
    expect(updates[0]).toMatchObject({ score: null, reason: 'a counter needs two samples for a rate' });
    expect(alarmsIn(updates, 1495, 1600)).toBe(0);
    expect(alarmsIn(updates, LEARNING_SAMPLES, 2500)).toBeLessThanOrEqual(NOISE_ALARMS_PER_2000);
    expect(alarmsIn(updates, 2500, 2510)).toBe(1);
  });

  it('gives no score for the interval a counter reset in (a restart part-way through it), with the reason, and scores the next', () => {
    const normal = seededNormal(12);
    let total = 0;
    const samples = series(2000, 10_000, (i) => {
      // Restarted 7 s into the interval: 3 requests counted since, not the usual 100.
      total = i === 1500 ? 3 : total + 100 + 5 * normal();
      return total;
    });
    const updates = feed(new AnomalyDetector({ counter: true }), samples);
    expect(updates[1500]).toMatchObject({ score: null });
    expect(reasonOf(updates[1500])).toMatch(/^the counter went down \(a restart\)/);
    expect(updates[1501]?.score).not.toBeNull();
    expect(alarmsIn(updates, 1495, 1600)).toBe(0);
  });

  it('survives clock jumps: forward by a day, back by an hour', () => {
    const normal = seededNormal(9);
    const times = Array.from({ length: 1500 }, (_, i) => T0 + i * 10_000 + (i >= 800 ? DAY : 0) - (i >= 1200 ? HOUR : 0));
    const gauge = new AnomalyDetector();
    const counter = new AnomalyDetector({ counter: true });
    let total = 0;
    times.forEach((t, i) => {
      const value = 50 + normal();
      total += 10;
      const g = gauge.update(t, value);
      const c = counter.update(t, total);
      if (i >= LEARNING_SAMPLES) expect(g.score).not.toBeNull();
      if (i === 1200) expect(reasonOf(c)).toBe('the clock went back; the rate restarts from this sample');
    });
  });

  it('stays bounded: state size does not grow with the samples or their values', () => {
    const detector = new AnomalyDetector();
    const normal = seededNormal(10);
    const sizes: number[] = [];
    const extremes = [1e300, -1e300, 1e-300, 0, -0, 3.5e38, Number.MAX_VALUE, Number.MIN_VALUE];
    for (let i = 0; i < 50_000; i++) {
      const value = i % 997 === 0 ? (extremes[(i / 997) % extremes.length] as number) : 1000 * normal();
      const update = detector.update(T0 + i * 1000, value);
      if (update.score !== null) {
        expect(update.score).toBeGreaterThanOrEqual(0);
        expect(update.score).toBeLessThanOrEqual(1);
      }
      if (i % 10_000 === 0) sizes.push(detector.serialize().length);
    }
    // Since version 6 the size varies (bins nothing reached are not written), never beyond version 5's fixed 7,848.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7848);
  });
});
