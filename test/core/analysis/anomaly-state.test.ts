import { describe, expect, it } from 'vitest';
import { AnomalyDetector, type DetectorUpdate } from '../../../src/core/analysis/anomaly/anomaly-detector';
import { DAY, MINUTE, T0, seededNormal, series, type Sample } from './series-generator';

/** A persistence view's state: seven float64, a uint32 and a uint8 (version 2 had no run start: 8 bytes fewer). */
const PERSISTENCE_BYTES = 61;

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
    // Version 1 is version 3 without the two persistence views' fields at the end.
    const older = saved.slice(0, saved.length - 2 * PERSISTENCE_BYTES);
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
    // Version 2 ends with the first view's fields, its run start (the last float64) not yet among them.
    const older = saved.slice(0, saved.length - PERSISTENCE_BYTES - 8);
    older[0] = 2;
    const restored = AnomalyDetector.restore(older);
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
    expect(restored.serialize().length).toBe(saved.length);
  });
});
