import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { InsightsView } from '../../../src/shared/types/insights';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';

/**
 * Issue 14's bad input, from outside: real series in the engine's store, each either scored
 * sensibly (no alarm where nothing happened) or not scored with a reason the operator reads in
 * the insights' notices (GET /api/v1/insights, `zervigo insights`, the Insights page).
 */
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;
const STEP = 10_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 22, 0, 0, 0);

/** Deterministic noise in [-1, 1]. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

type Case = 'flat' | 'one' | 'gauge_gap' | 'gauge_forward' | 'gauge_back' | 'counter_gap' | 'counter_reset' | 'counter_forward' | 'counter_back';

describe('bad input to anomaly scoring, seen from outside', () => {
  it('scores flat series, gaps of hours and clock jumps without a false alarm, and says why a series with one sample, a reset, a gap, a jump in a counter or a clock going back has no score', async () => {
    const clock = new FakeClock(START);
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      `version: 1\nmachine: false\nanalysis:\n  anomalies:\n    select: ['level', 'served_total']\n  forecasts: []\n`,
    );
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000 });
    engines.push(engine);
    const idOf = (of: Case): number => engine.series.index.idOf(of.startsWith('counter') ? 'served_total' : 'level', { case: of });
    const counts = new Map<Case, number>();
    /** One sample of each case at `ts` (shifted for the jumping ones): counters count ~10 per sample. */
    const sample = (of: Case, i: number, ts = clock.now()): void => {
      if (of === 'flat') engine.series.writer.append(idOf(of), ts, 5);
      else if (of.startsWith('gauge')) engine.series.writer.append(idOf(of), ts, 1 + 0.1 * noise(i));
      else {
        counts.set(of, (counts.get(of) ?? 0) + 10 + noise(i));
        engine.series.writer.append(idOf(of), ts, counts.get(of) as number);
      }
    };
    const steady: Case[] = ['flat', 'gauge_gap', 'gauge_forward', 'gauge_back', 'counter_gap', 'counter_reset', 'counter_forward', 'counter_back'];
    const run = (from: number, to: number, cases: Case[], shift: (of: Case) => number = () => 0): void => {
      for (let i = from; i < to; i++) {
        for (const of of cases) sample(of, i, clock.now() + shift(of));
        clock.advance(STEP);
      }
    };
    sample('one', 0);
    run(0, 300, steady);
    // Three hours without a sample of the gap cases; the counter goes on counting meanwhile.
    const gapped = (of: Case): boolean => of === 'gauge_gap' || of === 'counter_gap';
    for (let i = 300; i < 300 + (3 * HOUR) / STEP; i++) {
      run(
        i,
        i + 1,
        steady.filter((of) => !gapped(of)),
      );
      counts.set('counter_gap', (counts.get('counter_gap') as number) + 10);
    }
    const afterGap = clock.now();
    run(1380, 1400, steady);
    counts.set('counter_reset', 0);
    const resetAt = clock.now();
    run(1400, 1420, steady);
    // The clock jumps an hour forward for two cases, an hour back for two others, and stays there.
    const jumpAt = clock.now();
    run(1420, 1450, steady, (of) => (of.endsWith('forward') ? HOUR : of.endsWith('back') ? -HOUR : 0));

    const scores = (of: Case, from: number, to = Number.MAX_SAFE_INTEGER): number[] => {
      const name = of.startsWith('counter') ? 'served_total' : 'level';
      const [series] = engine.series.index.select('anomaly_score', [
        { name: 'metric', type: '=', value: name },
        { name: 'case', type: '=', value: of },
      ]);
      if (series === undefined) return [];
      const read = engine.series.reader.readRaw(series.id, from, to);
      return [...read.values];
    };
    const view = (await engine.dispatch('insights.list', {}, context)) as InsightsView;
    const notices = view.notices.map((notice) => notice.summary);

    // Flat: scored, and unremarkable while it stays flat.
    expect(scores('flat', 0).length).toBe(1450 - 99);
    expect(Math.max(...scores('flat', 0))).toBe(0);
    // One sample: no score, and the notice says why.
    expect(scores('one', 0)).toEqual([]);
    expect(notices).toContain(
      '1 selected series has no anomaly score yet: each is scored from its 100th sample on, once its usual behaviour is learned — level{case="one"} (1 of 100 samples)',
    );
    // A gauge after hours without a sample, and a gauge whose clock jumped either way: scored, no alarm,
    // but for the one sample dated before the one before it (the clock went back), told like a counter's.
    expect(scores('gauge_gap', afterGap).length).toBe(70);
    expect(scores('gauge_forward', 0)).toHaveLength(1450 - 99);
    expect(scores('gauge_back', 0)).toHaveLength(1450 - 99 - 1);
    for (const of of ['gauge_gap', 'gauge_forward', 'gauge_back'] as const)
      expect(Math.max(...scores(of, afterGap - HOUR, Number.MAX_SAFE_INTEGER))).toBeLessThan(0.99);
    // A counter: the interval across the gap, the reset and either jump is not scored, each with its reason; the rest score without alarm.
    expect(scores('counter_gap', afterGap)).toHaveLength(69);
    expect(scores('counter_reset', resetAt)).toHaveLength(49);
    expect(scores('counter_forward', jumpAt)).toHaveLength(29);
    for (const of of ['counter_gap', 'counter_reset', 'counter_forward', 'counter_back'] as const)
      expect(Math.max(...scores(of, afterGap - HOUR))).toBeLessThan(0.99);
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^2 selected series got no anomaly score \(2 samples in the last [\dms]+\): the interval since the last sample is over 30 times the usual \(a gap, or the clock jumped forward\): the counter's rate over it is no measure of now — first served_total\{case="counter_gap"\}, served_total\{case="counter_forward"\}$/,
        ),
        expect.stringMatching(
          /^1 selected series got no anomaly score \(1 sample in the last [\dms]+\): the counter went down \(a restart\).* — served_total\{case="counter_reset"\}$/,
        ),
        expect.stringMatching(
          /^2 selected series got no anomaly score \(2 samples in the last [\dms]+\): the clock went back \(the sample is older than the one before it\): scoring goes on from the next sample — first level\{case="gauge_back"\}, served_total\{case="counter_back"\}$/,
        ),
      ]),
    );
    // Nothing happened to any of them: no anomaly, no incident.
    expect(view.anomalies).toEqual([]);
    expect(view.incidents).toEqual([]);
  });
});

describe('series across an engine restart', () => {
  for (const [downtime, stopped] of [
    [60_000, '1 min'],
    [3 * HOUR, '3 h'],
  ] as const) {
    it(`does not score a counter's first interval after ${stopped} stopped (it spans the downtime): no false alarm where the counter barely moved meanwhile; a gauge whose clock went back across the restart is told`, async () => {
      const clock = new FakeClock(START);
      const dataDir = tempDir();
      const file = writeFile(
        tempDir(),
        'zervigo.yaml',
        `version: 1\nmachine: false\nanalysis:\n  anomalies:\n    select: ['served_total', 'level']\n  forecasts: []\n`,
      );
      const open = (): Engine => {
        const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000 });
        engines.push(engine);
        return engine;
      };
      // `paused` counts what came through the engine (nothing while it was stopped); `counting` went on meanwhile.
      const counters = ['paused', 'counting'] as const;
      const counts = { paused: 0, counting: 0 };
      let engine = open();
      /** `behind`: how far the gauge's clock is behind the engine's. */
      const run = (from: number, to: number, behind = 0): void => {
        for (let i = from; i < to; i++) {
          for (const of of counters) {
            counts[of] += 10 + noise(i);
            engine.series.writer.append(engine.series.index.idOf('served_total', { case: of }), clock.now(), counts[of]);
          }
          engine.series.writer.append(engine.series.index.idOf('level', { case: 'gauge_back' }), clock.now() - behind, 1 + 0.1 * noise(i));
          clock.advance(STEP);
        }
      };
      run(0, 400);
      await engine.stop();
      engines.length = 0;
      clock.advance(downtime);
      counts.counting += (downtime / STEP) * 10;
      engine = open();
      const restartedAt = clock.now();
      // The gauge's clock is now behind by the downtime and an hour: its first sample is older than its last.
      run(400, 450, downtime + HOUR);

      const scores = (metric: string, of: string, from: number): number[] => {
        const [series] = engine.series.index.select('anomaly_score', [
          { name: 'metric', type: '=', value: metric },
          { name: 'case', type: '=', value: of },
        ]);
        return series === undefined ? [] : [...engine.series.reader.readRaw(series.id, from, Number.MAX_SAFE_INTEGER).values];
      };
      // The rate over the downtime (for `paused` 14 % of the usual after 1 min, 0.1 % after 3 h: both alarmed, 0.99999999) is not scored; the next 49 are, without alarm.
      for (const of of counters) {
        expect(scores('served_total', of, restartedAt)).toHaveLength(49);
        expect(Math.max(...scores('served_total', of, restartedAt))).toBeLessThan(0.99);
      }
      // The gauge: 301 scores before the stop, 49 after (its first sample after the restart went back).
      expect(scores('level', 'gauge_back', 0)).toHaveLength(301 + 49);
      const view = (await engine.dispatch('insights.list', {}, context)) as InsightsView;
      expect(view.anomalies).toEqual([]);
      const notices = view.notices.map((notice) => notice.summary);
      expect(notices).toContainEqual(
        expect.stringMatching(
          /^2 selected series got no anomaly score \(2 samples [^)]+\): the interval since the last sample spans the time the series was not scored \(the engine was stopped, or the series not selected\): the counter's rate over it is no measure of now — first served_total\{case="paused"\}, served_total\{case="counting"\}$/,
        ),
      );
      expect(notices).toContainEqual(
        expect.stringMatching(/^1 selected series got no anomaly score \(1 sample [^)]+\): the clock went back .* — level\{case="gauge_back"\}$/),
      );
    });
  }
});
