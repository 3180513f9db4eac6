import { describe, expect, it } from 'vitest';
import { anomalyStretches } from '../../src/renderer/src/format/anomaly-stretches';
import type { ChartData } from '../../src/shared/types/monitoring';

const STEP = 10_000;
function scores(...series: (number | null)[][]): ChartData {
  return {
    start: 0,
    end: 100 * STEP,
    stepMs: STEP,
    tier: 'raw',
    // null: no sample there (a gap in the series).
    series: series.map((values, n) => {
      const kept = values.map((value, i) => ({ ts: i * STEP, value })).filter((one): one is { ts: number; value: number } => one.value !== null);
      return { labels: { probe: `p${n}` }, ts: kept.map((one) => one.ts), avg: kept.map(() => 0), min: kept.map(() => 0), max: kept.map((one) => one.value) };
    }),
  };
}

describe('anomalous stretches from anomaly_score', () => {
  it('runs from the first alarmed sample to the sample where the score is back below', () => {
    expect(anomalyStretches(scores([0.1, 0.99, 0.995, 0.2, 0.1, 0.999, 0.3]), 3 * STEP, false)).toEqual([
      { start: STEP, end: 3 * STEP },
      { start: 5 * STEP, end: 6 * STEP },
    ]);
  });

  it('is nothing for series without alarms or without scores', () => {
    expect(anomalyStretches(scores([0.1, 0.98, 0.5]), 3 * STEP, false)).toEqual([]);
    expect(anomalyStretches(scores(), 3 * STEP, true)).toEqual([]);
  });

  it('ends a bucket after its last alarmed sample across a gap, and stays open at the end of a live range', () => {
    const values: (number | null)[] = [0.995, 0.995, null, null, null, null, 0.1];
    expect(anomalyStretches(scores(values), 2 * STEP, false)).toEqual([{ start: 0, end: 2 * STEP }]);
    const live = { ...scores([0.1, 0.995]), end: 2 * STEP };
    expect(anomalyStretches(live, 2 * STEP, true)).toEqual([{ start: STEP, end: null }]);
    expect(anomalyStretches(live, 2 * STEP, false)).toEqual([{ start: STEP, end: 2 * STEP }]);
  });

  it('merges overlapping stretches of several series into one', () => {
    expect(anomalyStretches(scores([0.1, 0.995, 0.995, 0.1, 0.1], [0.1, 0.1, 0.995, 0.995, 0.1]), 3 * STEP, false)).toEqual([{ start: STEP, end: 4 * STEP }]);
  });
});

describe("anomalous stretches agree with the engine's episodes", () => {
  it("start at a renewed episode's startedAt, two samples before its score reached the alarm", () => {
    // The hold kept the departure's first two samples below the alarm (0.5); the episode is dated at the first.
    const held = scores([0.1, 0.1, 0.5, 0.5, 0.995, 0.995, 0.995, 0.1]);
    expect(anomalyStretches(held, 3 * STEP, false, [{ start: 2 * STEP, end: 7 * STEP }])).toEqual([{ start: 2 * STEP, end: 7 * STEP }]);
  });

  it("start at a run's first far sample when the run alarmed at its k-th", () => {
    const run = scores([0.1, 0.6, 0.8, 0.9, 0.95, 0.995, 0.995]);
    const live = { ...run, end: 7 * STEP };
    expect(anomalyStretches(live, 3 * STEP, true, [{ start: STEP, end: null }])).toEqual([{ start: STEP, end: null }]);
  });

  it('shade an episode within the range even where the scores are not there, clipped to the range', () => {
    expect(anomalyStretches(scores([0.1, 0.1]), 3 * STEP, false, [{ start: -5 * STEP, end: STEP }])).toEqual([{ start: 0, end: STEP }]);
    // Ongoing on a past range: to the range's end. Outside the range: nothing.
    expect(anomalyStretches(scores([0.1]), 3 * STEP, false, [{ start: 50 * STEP, end: null }])).toEqual([{ start: 50 * STEP, end: 100 * STEP }]);
    expect(anomalyStretches(scores([0.1]), 3 * STEP, false, [{ start: 200 * STEP, end: null }])).toEqual([]);
  });
});
