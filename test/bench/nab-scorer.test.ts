import { describe, expect, it } from 'vitest';
import { listSeriesKeys, readProfiles, readWindows } from '../../bench/analysis/nab-corpus';
import { nabDir } from '../../bench/analysis/nab-location';
import { sweepResults } from '../../bench/analysis/nab-results';
import { probationaryRows, scoreAtThreshold, scoreCorpus, scaledSigmoid, sweepFile } from '../../bench/analysis/nab-scorer';

const NAB = nabDir();
const STANDARD = { tpWeight: 1, fnWeight: 1, fpWeight: 0.11 };

describe('NAB scorer: conformance with the published results (README of the shared half)', () => {
  const published: Record<string, [number, number, number]> = {
    ARTime: [76.65, 68.42, 81.66],
    numenta: [70.32, 64.27, 74.78],
    windowedGaussian: [35.13, 19.21, 42.75],
  };
  for (const [detector, expected] of Object.entries(published)) {
    it(`${detector} scores ${expected.join(' / ')} (standard / low FP / low FN)`, () => {
      const keys = listSeriesKeys(`${NAB}/data`);
      const windows = readWindows(`${NAB}/labels/combined_windows.json`);
      const profiles = readProfiles(`${NAB}/config/profiles.json`);
      const sweeps = sweepResults(`${NAB}/results`, detector, keys, windows);
      const scores = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'].map((name) => {
        const cost = profiles[name];
        if (cost === undefined) throw new Error(`no profile ${name}`);
        return Number(scoreCorpus(sweeps, cost).normalised.toFixed(2));
      });
      expect(scores).toEqual(expected);
    });
  }
});

describe('NAB scorer: the rules on small cases', () => {
  // 100 rows: 15 probationary, one window over rows 50..59.
  const t = Array.from({ length: 100 }, (_, i) => i * 1000);
  const window: [number, number] = [50_000, 59_000];
  const detectAt = (...rows: number[]): number[] => t.map((_, i) => (rows.includes(i) ? 1 : 0));

  it('counts the first 15 % of rows (at most 750) as probationary', () => {
    expect(probationaryRows(100)).toBe(15);
    expect(probationaryRows(10_000)).toBe(750);
    const onlyProbation = scoreCorpus([sweepFile('f', t, detectAt(3), [window])], STANDARD);
    expect(onlyProbation.falsePositives).toBe(0);
    expect(onlyProbation.normalised).toBe(0);
  });

  it('gives a detection at the first row of a window the full tpWeight, and only the earliest counts', () => {
    const early = scoreAtThreshold([sweepFile('f', t, detectAt(50, 55), [window])], STANDARD, 0.5);
    expect(early.raw).toBeCloseTo(1, 10);
    expect(early.normalised).toBeCloseTo(100, 10);
    const late = scoreAtThreshold([sweepFile('f', t, detectAt(59), [window])], STANDARD, 0.5);
    expect(late.raw).toBeCloseTo(scaledSigmoid(-1 / 10) / scaledSigmoid(-1), 10);
  });

  it('charges a false positive by its distance past the previous window, and fully with none before it', () => {
    const before = scoreAtThreshold([sweepFile('f', t, detectAt(30), [window])], STANDARD, 0.5);
    expect(before.raw).toBeCloseTo(-1 - 0.11, 10);
    const justAfter = scoreAtThreshold([sweepFile('f', t, detectAt(60), [window])], STANDARD, 0.5);
    expect(justAfter.raw).toBeCloseTo(-1 + 0.11 * scaledSigmoid(1 / 9), 10);
  });

  it('picks the threshold with the best raw score, and never detects on a missing score', () => {
    const scores = t.map((_, i) => (i === 52 ? 0.9 : i === 30 ? 0.95 : i === 70 ? Number.NaN : 0.1));
    const best = scoreCorpus([sweepFile('f', t, scores, [window])], STANDARD);
    expect(best.threshold).toBe(0.9);
    expect(best.truePositives).toBe(1);
    expect(best.falsePositives).toBe(1);
  });
});
