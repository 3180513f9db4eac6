import { type AnomalyParameters } from '../../src/core/analysis/anomaly/anomaly-parameters';
import { type CostMatrix, type NabSeries, type Profiles, type WindowsByKey } from './nab-corpus';
import { windowsMs } from './nab-results';
import { detectSeries } from './nab-run';
import { nabTimestampMs } from './nab-corpus';
import { scoreAtThreshold, scoreCorpus, sweepFile, type FileSweep } from './nab-scorer';

/**
 * Leave-one-category-out cross-validation: for each of NAB's categories, the parameters (from a
 * small grid around the defaults) and the threshold are chosen on the other categories only,
 * then the held-out category is scored with them. Pooling the held-out parts estimates how the
 * detector does on series it was not tuned on, which is what the held-back half of NAB checks.
 */
export interface CvEstimate {
  /** Threshold chosen on the training categories, applied to the held-out one (pooled raw scores). */
  transferred: number;
  /** Held-out outputs pooled, then one threshold optimised over them, as NAB scores a corpus. */
  reoptimised: number;
  /** Per held-out category: the parameters its training folds chose. */
  chosen: Array<{ category: string; parameters: Partial<AnomalyParameters> }>;
}

export function parameterGrid(): Array<Partial<AnomalyParameters>> {
  const grid: Array<Partial<AnomalyParameters>> = [];
  for (const recordWeight of [5, 8, 12])
    for (const tailQuantile of [0.99, 0.995])
      for (const seasonalSmoothing of [0.1, 0.15, 0.25])
        for (const holdSamples of [70, 100, 150]) grid.push({ recordWeight, tailQuantile, seasonalSmoothing, holdSamples });
  return grid;
}

export function sweepCorpus(series: readonly NabSeries[], windows: WindowsByKey, parameters?: Partial<AnomalyParameters>): FileSweep[] {
  return series.map((one) => {
    const { scores } = detectSeries(one, parameters);
    return sweepFile(one.key, one.timestamps.map(nabTimestampMs), scores, windowsMs(windows, one.key));
  });
}

export function leaveOneCategoryOut(
  series: readonly NabSeries[],
  windows: WindowsByKey,
  profiles: Profiles,
  grid = parameterGrid(),
): Record<string, CvEstimate> {
  const sweeps = grid.map((parameters) => sweepCorpus(series, windows, parameters));
  const categories = [...new Set(series.map((one) => one.category))].sort();
  const result: Record<string, CvEstimate> = {};
  for (const [profile, cost] of Object.entries(profiles)) {
    let transferredRaw = 0;
    let windowCount = 0;
    const heldOut: FileSweep[] = [];
    const chosen: CvEstimate['chosen'] = [];
    for (const category of categories) {
      const train = series.map((one, i) => (one.category === category ? -1 : i)).filter((i) => i >= 0);
      const test = series.map((one, i) => (one.category === category ? i : -1)).filter((i) => i >= 0);
      let best = { index: 0, score: Number.NEGATIVE_INFINITY, threshold: 0 };
      sweeps.forEach((corpus, index) => {
        const fit = scoreCorpus(pick(corpus, train), cost);
        if (fit.normalised > best.score) best = { index, score: fit.normalised, threshold: fit.threshold };
      });
      const chosenSweeps = sweeps[best.index] as FileSweep[];
      const scored = scoreAtThreshold(pick(chosenSweeps, test), cost, best.threshold);
      transferredRaw += scored.raw;
      windowCount += scored.windows;
      heldOut.push(...pick(chosenSweeps, test));
      chosen.push({ category, parameters: grid[best.index] as Partial<AnomalyParameters> });
    }
    result[profile] = { transferred: normalise(transferredRaw, windowCount, cost), reoptimised: scoreCorpus(heldOut, cost).normalised, chosen };
  }
  return result;
}

function pick(sweeps: readonly FileSweep[], indices: readonly number[]): FileSweep[] {
  return indices.map((i) => sweeps[i] as FileSweep);
}

function normalise(raw: number, windows: number, cost: CostMatrix): number {
  const nullRaw = -cost.fnWeight * windows;
  const perfect = cost.tpWeight * windows;
  return (100 * (raw - nullRaw)) / (perfect - nullRaw);
}
