import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnomalyDetector, type DetectorUpdate } from '../../../src/core/analysis/anomaly/anomaly-detector';
import { StateWriter } from '../../../src/core/analysis/anomaly/state-codec';
import { SeriesScorer, type ScoredSample } from '../../../src/core/analysis/series-scorer';
import { DAY, MINUTE, T0, seededNormal, seededUniform, series, type Sample } from './series-generator';

/**
 * States written by version 5 of the detector (commit c734504, the last to write it): the
 * detector after the first N samples of the series below (daily rhythm, counter, levelled 0/1
 * mid-rise with a run going on), and the engine's scorer (its version 3, holding a version-5
 * detector) on the levelled series 41 samples into an episode.
 */
const FIXTURES = path.resolve(__dirname, '../../fixtures/anomaly-state');
const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
/** Version 5's fixed size, whatever was seen. */
const VERSION_5_BYTES = 7848;

/**
 * The two persistence views' state at the end of a version-4 or 5 state: the view off the median (its one-rate
 * chain's four float64, a uint32, a uint8, five run costs and a run start as float64) and the
 * mixture's (its length chain's three float64 and 2 x 19 float32, a uint32, a uint8, 20 run costs
 * and a run start).
 */
const PERSISTENCE_VIEWS_BYTES = 85 + 349;
/**
 * The rate of departures from a level (at the end of a version-5 state, after the persistence views): its level as
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

/** A 0/1 probe failing 0.1 % of the time for a day at 10 s, then 3 %. */
function levelled(): Sample[] {
  const uniform = seededUniform(1);
  return series(8640 + 3000, 10_000, (i) => (uniform() < (i < 8640 ? 0.001 : 0.03) ? 0 : 1));
}

/** A counter of ~100 a sample, reset at sample 2,500. */
function counter(): Sample[] {
  const normal = seededNormal(22);
  let total = 0;
  return series(4000, 10_000, (i) => {
    if (i === 2500) total = 0;
    total += 100 + 10 * normal();
    return total;
  });
}

/** ~1 ms latency with 300-700 ms blips in 20 % of the samples, then 40 samples at 450 ms (the run views alarm), then blips again. */
function blipsThenSlow(): Sample[] {
  const noise = seededNormal(3);
  const uniform = seededUniform(1003);
  return series(840, 600, (i) => {
    if (i >= 600 && i < 640) return 0.45 * Math.exp(0.02 * noise());
    return uniform() < 0.2 ? 0.3 + 0.4 * uniform() : 0.001 * Math.exp(0.15 * noise());
  });
}

function run(detector: AnomalyDetector, samples: readonly Sample[]): DetectorUpdate[] {
  return samples.map(({ t, v }) => detector.update(t, v));
}

/** Each update with what the engine reads after it: the value judged, the alarm the hold kept down, what the alarm stands for. */
type Watched = DetectorUpdate & { observed: number; held: number; departure: AnomalyDetector['departure'] };

function watch(detector: AnomalyDetector, { t, v }: Sample): Watched {
  return { ...detector.update(t, v), observed: detector.observedValue, held: detector.heldAlarmScore, departure: detector.departure };
}

/** Fed through `samples`, the detector saved and restored every `every` samples (a restart each time). */
function runWithRestarts(create: () => AnomalyDetector, samples: readonly Sample[], every: number): { updates: Watched[]; last: AnomalyDetector } {
  let detector = create();
  const updates = samples.map((sample, i) => {
    if (i > 0 && i % every === 0) detector = AnomalyDetector.restore(detector.serialize());
    return watch(detector, sample);
  });
  return { updates, last: detector };
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
    const samples = counter();
    const whole = run(new AnomalyDetector({ counter: true }), samples);
    const first = new AnomalyDetector({ counter: true });
    run(first, samples.slice(0, 2499));
    expect(run(AnomalyDetector.restore(first.serialize()), samples.slice(2499))).toEqual(whole.slice(2499));
  });

  // Every part's fields go through the encoding many times over: the rhythm's profiles, a 0/1
  // series' rate of departures (a rise under way, its alarm and episode) and its runs, a counter.
  for (const [name, isCounter, samplesOf, every] of [
    ['a daily rhythm with a spike and a shift', false, workload, 97],
    ['a 0/1 probe whose failures rise', false, levelled, 97],
    ['a counter with a reset', true, counter, 97],
    // Runs of far samples go on across restarts.
    ['a stretch at 450 ms among frequent blips', false, blipsThenSlow, 7],
  ] as const) {
    it(`gives identical scores when restarted every ${every} samples: ${name}`, () => {
      const all = samplesOf();
      const whole = new AnomalyDetector({ counter: isCounter });
      const straightUpdates = all.map((sample) => watch(whole, sample));
      const { updates, last } = runWithRestarts(() => new AnomalyDetector({ counter: isCounter }), all, every);
      expect(updates).toEqual(straightUpdates);
      // Saved again, a restored detector writes the same bytes as one that never stopped.
      expect(last.serialize()).toEqual(whole.serialize());
    });
  }

  it('keeps the state under 5,000 bytes at every point of a series that uses every part (version 5: 7,848 whatever was seen)', () => {
    const young = new AnomalyDetector();
    young.update(T0, 1);
    const sizes = [young.serialize().length];
    const grown = new AnomalyDetector();
    samples.forEach(({ t, v }, i) => {
      grown.update(t, v);
      if (i % 500 === 499) sizes.push(grown.serialize().length);
    });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5000);
    // As the engine keeps it, with its episode.
    const scorer = SeriesScorer.create('cpu_percent', {});
    for (const { t, v } of samples) scorer.update(t, v);
    expect(scorer.serialize().length).toBeLessThanOrEqual(5400);
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

  it("reads a state saved by version 5 and continues exactly, in the detector and in the engine's scorer", () => {
    const cases = [
      { name: 'detector-daily-rhythm-4321.v5.bin', cut: 4321, counter: false, all: samples },
      { name: 'detector-levelled-8722.v5.bin', cut: 8722, counter: false, all: levelled() },
      { name: 'detector-counter-2499.v5.bin', cut: 2499, counter: true, all: counter() },
    ];
    for (const { name, cut, counter: isCounter, all } of cases) {
      const saved = fixture(name);
      expect(saved[0]).toBe(5);
      expect(saved.length).toBe(VERSION_5_BYTES);
      const whole = new AnomalyDetector({ counter: isCounter });
      const straightUpdates = run(whole, all);
      const restored = AnomalyDetector.restore(saved);
      expect(run(restored, all.slice(cut)), name).toEqual(straightUpdates.slice(cut));
      // Saved now, it is version 6 and byte for byte what the detector that never stopped writes.
      expect(restored.serialize()[0]).toBe(6);
      expect(restored.serialize()).toEqual(whole.serialize());
    }
    const all = levelled();
    const straightScorer = SeriesScorer.create('probe_success', {});
    const expected: ScoredSample[] = all.map(({ t, v }) => straightScorer.update(t, v));
    const scorer = SeriesScorer.restore(fixture('scorer-levelled-8808.v3-v5.bin'), 'probe_success', {});
    expect(scorer.inEpisode).toBe(true);
    expect(all.slice(8808).map(({ t, v }) => scorer.update(t, v))).toEqual(expected.slice(8808));
  });

  it('reads a state saved before the persistence view (version 1): the rest continues, the view starts afresh', () => {
    const saved = fixture('detector-daily-rhythm-4321.v5.bin');
    // Version 1 is this version without the two persistence views' fields and the rate view's at the end.
    const older = saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES - PERSISTENCE_VIEWS_BYTES);
    older[0] = 1;
    const restored = AnomalyDetector.restore(older);
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
    expect(restored.serialize()[0]).toBe(6);
  });

  it("reads a state saved before the mixture's persistence view (version 2): the rest continues, that view starts afresh", () => {
    const saved = fixture('detector-daily-rhythm-4321.v5.bin');
    // Version 2 ends with the first view's fields as one rate, its run start not yet among them.
    const older = new Uint8Array([...saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES - PERSISTENCE_VIEWS_BYTES), ...oneRateView(false)]);
    older[0] = 2;
    const restored = AnomalyDetector.restore(older);
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
    expect(restored.serialize()[0]).toBe(6);
  });

  it('reads a state saved before the rate of departures from a level (version 4): the rest continues exactly, that view starts afresh', () => {
    const first = new AnomalyDetector();
    run(first, samples.slice(0, 4321));
    const saved = fixture('detector-daily-rhythm-4321.v5.bin');
    const older = saved.slice(0, saved.length - RARE_LEVEL_VIEW_BYTES);
    older[0] = 4;
    const restored = AnomalyDetector.restore(older);
    // A continuous series: the view never spoke, so nothing else changes: the scores go on as they
    // would have, and at the end its state is byte for byte that of the detector that never stopped.
    expect(run(restored, samples.slice(4321))).toEqual(straight.slice(4321));
    run(first, samples.slice(4321));
    expect(restored.serialize()).toEqual(first.serialize());
  });

  it('reads a state saved when both views kept one rate of staying (version 3): their counts and runs carry over', () => {
    const saved = fixture('detector-daily-rhythm-4321.v5.bin');
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
    const scores = run(restored, samples.slice(4321, 4400));
    expect(scores.every((update) => update.score !== null && update.score >= 0 && update.score < 1)).toBe(true);
  });
});
