import { describe, expect, it } from 'vitest';
import { AnomalyDetector, type DetectorUpdate } from '../../../src/core/analysis/anomaly/anomaly-detector';
import { StateWriter } from '../../../src/core/analysis/anomaly/state-codec';
import { DAY, MINUTE, T0, seededNormal, series, type Sample } from './series-generator';

/**
 * The two persistence views' state at the end (version 4): the view off the median (its one-rate
 * chain's four float64, a uint32, a uint8, five run costs and a run start as float64) and the
 * mixture's (its length chain's three float64 and 2 x 19 float32, a uint32, a uint8, 20 run costs
 * and a run start).
 */
const PERSISTENCE_VIEWS_BYTES = 85 + 349;
/**
 * The rate of departures from a level (version 5, after the persistence views): its level as
 * float32, two float64 counts, a uint8, the hours' weight (float64) and 2 x 24 float32 counts, the
 * hour in progress (uint8, 2 float32), a CUSUM and its start per tested rate (3 x 2 float64), a uint8.
 */
const RARE_LEVEL_VIEW_BYTES = 279;

/**
 * One persistence view as versions 2 and 3 wrote it: samples seen, far, chances to stay and
 * stays, the run's length and side, -ln P(far) and -ln stay when it began, and (version 3) its
 * start. A run of 2 above the median here.
 */
function oneRateView(withStart: boolean): Uint8Array {
  const out = new StateWriter();
  for (const count of [4000, 200, 200, 20]) out.float64(count);
  out.uint32(2);
  out.uint8(2);
  out.float64(-Math.log(200.5 / 4001));
  out.float64(-Math.log(20.5 / 201));
  if (withStart) out.float64(T0);
  return out.result();
}

/** Three weeks of a daily rhythm with noise, a spike and a level shift: every part has state. */
function workload(): Sample[] {
  const normal = seededNormal(21);
  return series(21 * 288, 5 * MINUTE, (i, t) => {
    const phase = ((t - T0) % DAY) / DAY;
    return 50 + 30 * Math.sin(2 * Math.PI * phase) + 3 * normal() + (i === 3000 ? 200 : 0) + (i >= 5000 ? 40 : 0);
  });
}

function run(detector: AnomalyDetector, samples: readonly Sample[]): DetectorUpdate[] {
  return samples.map(({ t, v }) => detector.update(t, v));
}

describe('AnomalyDetector state: serialise, restore, continue', () => {
  const samples = workload();
  const straight = run(new AnomalyDetector(), samples);

  // Cut while learning, just after the spike's alarm (hold running), mid-rhythm, after the shift.
  for (const cut of [1, 50, 3001, 4321, 5003]) {
    it(`gives identical scores after a restore at sample ${cut}`, () => {
      const first = new AnomalyDetector();
      run(first, samples.slice(0, cut));
      const restored = AnomalyDetector.restore(first.serialize());
      expect(run(restored, samples.slice(cut))).toEqual(straight.slice(cut));
    });
  }

  it('does the same for a counter, rate and reset handling included', () => {
    const normal = seededNormal(22);
    let total = 0;
    const counter = series(4000, 10_000, (i) => {
      if (i === 2500) total = 0;
      total += 100 + 10 * normal();
      return total;
    });
    const whole = run(new AnomalyDetector({ counter: true }), counter);
    const first = new AnomalyDetector({ counter: true });
    run(first, counter.slice(0, 2499));
    expect(run(AnomalyDetector.restore(first.serialize()), counter.slice(2499))).toEqual(whole.slice(2499));
  });

  it('keeps the state a few KB, the same size whatever was seen', () => {
    const young = new AnomalyDetector();
    young.update(T0, 1);
    const grown = new AnomalyDetector();
    run(grown, samples);
    expect(grown.serialize().length).toBe(young.serialize().length);
    expect(grown.serialize().length).toBeLessThanOrEqual(8 * 1024);
  });

  it('refuses a state it did not write, with a reason', () => {
    const state = new AnomalyDetector().serialize();
    expect(() => AnomalyDetector.restore(state.slice(0, state.length - 5))).toThrow(/truncated/);
    expect(() => AnomalyDetector.restore(new Uint8Array([...state, 0]))).toThrow(/unread bytes/);
    const otherVersion = state.slice();
    otherVersion[0] = 99;
    expect(() => AnomalyDetector.restore(otherVersion)).toThrow(/version 99/);
    expect(() => AnomalyDetector.restore(new Uint8Array())).toThrow(/truncated/);
  });

  it('reads a state saved before the persistence view (version 1): the rest continues, the view starts afresh', () => {
    const first = new AnomalyDetector();
    run(first, samples.slice(0, 4321));
    const saved = first.serialize();
    // Version 1 is this version without the two persistence views' fields and the rate view's at the end.
    const older = saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES - PERSISTENCE_VIEWS_BYTES);
    older[0] = 1;
    const restored = AnomalyDetector.restore(older);
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
    expect(restored.serialize().length).toBe(saved.length);
  });

  it("reads a state saved before the mixture's persistence view (version 2): the rest continues, that view starts afresh", () => {
    const first = new AnomalyDetector();
    run(first, samples.slice(0, 4321));
    const saved = first.serialize();
    // Version 2 ends with the first view's fields as one rate, its run start not yet among them.
    const older = new Uint8Array([...saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES - PERSISTENCE_VIEWS_BYTES), ...oneRateView(false)]);
    older[0] = 2;
    const restored = AnomalyDetector.restore(older);
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
    expect(restored.serialize().length).toBe(saved.length);
  });

  it('reads a state saved before the rate of departures from a level (version 4): the rest continues exactly, that view starts afresh', () => {
    const first = new AnomalyDetector();
    run(first, samples.slice(0, 4321));
    const saved = first.serialize();
    const older = saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES);
    older[0] = 4;
    const restored = AnomalyDetector.restore(older);
    // A continuous series: the view never spoke, so nothing else changes.
    expect(restored.serialize()).toEqual(saved);
    expect(run(restored, samples.slice(4321))).toEqual(straight.slice(4321));
  });

  it('reads a state saved when both views kept one rate of staying (version 3): their counts and runs carry over', () => {
    const first = new AnomalyDetector();
    run(first, samples.slice(0, 4321));
    const saved = first.serialize();
    const older = new Uint8Array([
      ...saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES - PERSISTENCE_VIEWS_BYTES),
      ...oneRateView(true),
      ...oneRateView(true),
    ]);
    older[0] = 3;
    const restored = AnomalyDetector.restore(older);
    // The views' counts and their run in progress come back as they were: saved again, they differ from a fresh view's.
    const fresh = AnomalyDetector.restore(
      new Uint8Array([...saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES - PERSISTENCE_VIEWS_BYTES)].map((byte, i) => (i === 0 ? 1 : byte))),
    );
    expect(restored.serialize()).not.toEqual(fresh.serialize());
    expect(restored.serialize().length).toBe(saved.length);
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
  });
});
