import { describe, expect, it } from 'vitest';
import { ALARM_SCORE } from '../../../src/core/analysis/anomaly/anomaly-episode';
import { materialChange } from '../../../src/core/analysis/anomaly/material-change';
import { SeriesScorer, type ScoredSample } from '../../../src/core/analysis/series-scorer';
import { DAY, MINUTE, T0, seededNormal, seededUniform } from './series-generator';

/**
 * Series shaped like an operator's, each with a change that must be alarmed (within a number of
 * samples) and a twin without it that must stay (nearly) quiet, scored as the engine scores them.
 */
interface Scenario {
  name: string;
  metric: string;
  stepMs: number;
  learned: number;
  after: number;
  /** Samples by which the change must have alarmed, on every seed. */
  within: number;
  /** Episodes the twin without the change may have over `after` samples, on any seed. */
  twinEpisodes: number;
  value: (timeMs: number, changed: boolean, normal: () => number, uniform: () => number) => number;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'a probe latency that doubles and stays',
    metric: 'probe_duration_seconds',
    stepMs: 10_000,
    learned: 8640,
    after: 2000,
    within: 3,
    twinEpisodes: 3,
    value: (_t, changed, normal) => (changed ? 0.1 : 0.05) * Math.exp(0.1 * normal()),
  },
  {
    name: 'a memory series that steps up 30 % and stays',
    metric: 'process_resident_memory_bytes',
    stepMs: 10_000,
    learned: 8640,
    after: 2000,
    within: 3,
    twinEpisodes: 0,
    value: (_t, changed, normal) => (changed ? 260e6 : 200e6) + 1e6 * normal(),
  },
  {
    name: 'a success ratio (20 probes a minute) that drops from 1.0 to 0.97',
    metric: 'probe_success_ratio',
    stepMs: MINUTE,
    learned: 2 * 1440,
    after: 1440,
    within: 12,
    twinEpisodes: 2,
    value: (_t, changed, _normal, uniform) => {
      let succeeded = 0;
      for (let probe = 0; probe < 20; probe++) if (uniform() >= (changed ? 0.03 : 0.001)) succeeded++;
      return succeeded / 20;
    },
  },
  {
    // Flat at its daily mean from midnight: every value is one the series has had, at the wrong time.
    name: 'a CPU series with a daily season that loses it',
    metric: 'process_cpu_percent',
    stepMs: 5 * MINUTE,
    learned: 14 * 288,
    after: 2 * 288,
    within: 60,
    twinEpisodes: 2,
    value: (t, changed, normal) => 30 + (changed ? 0 : 20 * Math.sin((2 * Math.PI * ((t - T0) % DAY)) / DAY)) + 2 * normal(),
  },
];

function scored(scenario: Scenario, seed: number, changes: boolean): ScoredSample[] {
  const normal = seededNormal(seed);
  const uniform = seededUniform(seed + 77);
  const scorer = SeriesScorer.create(scenario.metric, {});
  let t = T0;
  for (let i = 0; i < scenario.learned; i++) scorer.update((t += scenario.stepMs), scenario.value(t, false, normal, uniform));
  return Array.from({ length: scenario.after }, () => scorer.update((t += scenario.stepMs), scenario.value(t, changes, normal, uniform)));
}

describe('operator-shaped series: the change is alarmed, its twin without it stays quiet', () => {
  for (const scenario of SCENARIOS) {
    for (const seed of [1, 2, 3, 4, 5]) {
      it(`${scenario.name}: alarmed within ${scenario.within} samples (seed ${seed})`, () => {
        const after = scored(scenario, seed, true);
        const alarmAt = after.findIndex((sample) => (sample.score ?? 0) >= ALARM_SCORE);
        expect(alarmAt).toBeGreaterThanOrEqual(0);
        expect(alarmAt).toBeLessThan(scenario.within);
      });
      it(`${scenario.name}, twin without the change: at most ${scenario.twinEpisodes} episodes in ${scenario.after} samples (seed ${seed})`, () => {
        expect(scored(scenario, seed, false).filter((sample) => sample.started !== undefined).length).toBeLessThanOrEqual(scenario.twinEpisodes);
      });
    }
  }

  it('describes a lost daily peak against what the rhythm expected, and keeps the episode while it stays lost', () => {
    const scenario = SCENARIOS[3] as Scenario;
    for (const seed of [1, 2, 3, 4, 5]) {
      const after = scored(scenario, seed, true);
      const alarmAt = after.findIndex((sample) => (sample.score ?? 0) >= ALARM_SCORE);
      const started = after[alarmAt]?.started;
      // The recent median is the flat ~30 itself; the rhythm expected the climb towards the 50 % peak.
      expect(started?.typical).toBeGreaterThan((started?.value ?? 0) + 8);
      expect(after.slice(alarmAt, alarmAt + 12).every((sample) => (sample.score ?? 0) >= ALARM_SCORE)).toBe(true);
    }
  });
});

describe('materialChange: what change is big enough to matter', () => {
  it('holds a ratio to its room to move towards the nearer bound, other units to a tenth of their value', () => {
    const ratio = materialChange('probe_success_ratio');
    // One request in 20 failing where none did: not a tenth of 1.0, but all the room a success ratio has.
    expect(ratio(0.95, 1)).toBe(true);
    expect(ratio(0.995, 1)).toBe(false); // under the 0.01 floor of a ratio
    expect(ratio(0.47, 0.5)).toBe(false);
    expect(ratio(0.44, 0.5)).toBe(true);
    expect(ratio(0.003, 0.001)).toBe(false); // under the floor
    const latency = materialChange('probe_duration_seconds');
    expect(latency(0.105, 0.1)).toBe(false);
    expect(latency(0.115, 0.1)).toBe(true);
  });
});
