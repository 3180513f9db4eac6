import { type CostMatrix } from './nab-corpus';

/**
 * NAB v1.0's scoring (nab/sweeper.py), as test/fixtures/nab's source (NAB's README and nab/sweeper.py) states it: the first
 * min(floor(0.15 N), 750) rows are probationary; a detection inside a window scores by the scaled
 * sigmoid of its position (only the earliest counts), one outside scores by its distance past the
 * previous window; one threshold per profile for the whole corpus, the one maximising the raw score
 * over all distinct anomaly scores; normalised so the null detector is 0 and the perfect one 100.
 */

const PROBATION_SHARE = 0.15;
const PROBATION_MAX_ROWS = 750;

export function probationaryRows(rows: number): number {
  return Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_MAX_ROWS);
}

/** S(y) = 2σ(−5y) − 1, and −1 from y = 3 on. */
export function scaledSigmoid(y: number): number {
  if (y >= 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** One file's scorable rows, each with what a detection there would be worth before weighting. */
export interface FileSweep {
  key: string;
  scores: Float64Array;
  /** In a window: S(y)/S(−1), to multiply by tpWeight. Outside: S(y) (≤ 0), to multiply by fpWeight. */
  factors: Float64Array;
  /** Index of the row's window among this file's scorable windows, or −1 outside every window. */
  windowOf: Int32Array;
  windowCount: number;
}

/**
 * Rows in file order: timestamps in ms, the detector's scores, windows as [start, end] in ms
 * (inclusive bounds, matched to the rows they cover).
 */
export function sweepFile(
  key: string,
  timestampsMs: readonly number[],
  scores: readonly number[],
  windows: ReadonlyArray<readonly [number, number]>,
): FileSweep {
  const n = timestampsMs.length;
  if (scores.length !== n) throw new Error(`${key}: ${scores.length} scores for ${n} rows`);
  const probation = probationaryRows(n);
  const spans = windows
    .map(([start, end]) => {
      let first = -1;
      let last = -1;
      for (let i = 0; i < n; i++) {
        const t = timestampsMs[i] as number;
        if (t >= start && first < 0) first = i;
        if (t <= end) last = i;
      }
      return { first, last };
    })
    .filter((span) => span.first >= 0 && span.last >= span.first)
    .sort((a, b) => a.first - b.first);

  const outScores: number[] = [];
  const factors: number[] = [];
  const windowOf: number[] = [];
  const scorableWindow = new Map<number, number>();
  let spanIndex = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    while (spanIndex < spans.length && (spans[spanIndex] as { last: number }).last < i) {
      const done = spans[spanIndex] as { first: number; last: number };
      prevRight = done.last;
      prevWidth = done.last - done.first + 1;
      spanIndex++;
    }
    const span = spans[spanIndex];
    const inside = span !== undefined && i >= span.first && i <= span.last;
    if (i < probation) continue;
    outScores.push(scores[i] as number);
    if (inside) {
      const width = span.last - span.first + 1;
      factors.push(scaledSigmoid(-(span.last - i + 1) / width) / MAX_TP);
      let id = scorableWindow.get(spanIndex);
      if (id === undefined) {
        id = scorableWindow.size;
        scorableWindow.set(spanIndex, id);
      }
      windowOf.push(id);
    } else {
      const y = prevRight < 0 ? 3 : prevWidth > 1 ? Math.abs(i - prevRight) / (prevWidth - 1) : 3;
      factors.push(scaledSigmoid(y));
      windowOf.push(-1);
    }
  }
  return {
    key,
    scores: Float64Array.from(outScores),
    factors: Float64Array.from(factors),
    windowOf: Int32Array.from(windowOf),
    windowCount: scorableWindow.size,
  };
}

export interface CorpusScore {
  threshold: number;
  raw: number;
  normalised: number;
  nullRaw: number;
  perfectRaw: number;
  truePositives: number;
  falsePositives: number;
  windows: number;
}

interface FlatRow {
  score: number;
  factor: number;
  /** Corpus-wide window index, or −1. */
  window: number;
}

function flatten(files: readonly FileSweep[]): { rows: FlatRow[]; windows: number } {
  const rows: FlatRow[] = [];
  let windowBase = 0;
  for (const file of files) {
    for (let i = 0; i < file.scores.length; i++) {
      const w = file.windowOf[i] as number;
      // A missing score is a row never detected, at any threshold.
      if (Number.isNaN(file.scores[i])) continue;
      rows.push({ score: file.scores[i] as number, factor: file.factors[i] as number, window: w < 0 ? -1 : windowBase + w });
    }
    windowBase += file.windowCount;
  }
  return { rows, windows: windowBase };
}

function normalise(raw: number, windows: number, cost: CostMatrix): { normalised: number; nullRaw: number; perfectRaw: number } {
  const nullRaw = -cost.fnWeight * windows;
  const perfectRaw = cost.tpWeight * windows;
  const normalised = perfectRaw === nullRaw ? 0 : (100 * (raw - nullRaw)) / (perfectRaw - nullRaw);
  return { normalised, nullRaw, perfectRaw };
}

/** The corpus score at the threshold that maximises the raw score (NAB's optimiser). */
export function scoreCorpus(files: readonly FileSweep[], cost: CostMatrix): CorpusScore {
  const { rows, windows } = flatten(files);
  rows.sort((a, b) => b.score - a.score);
  const windowPart = new Float64Array(windows).fill(-cost.fnWeight);
  let windowSum = -cost.fnWeight * windows;
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  // No detection at all (NAB starts its sweep at 1.1, above every score).
  let best = { threshold: Number.POSITIVE_INFINITY, raw: windowSum, tp: 0, fp: 0 };
  for (let i = 0; i < rows.length;) {
    const threshold = (rows[i] as FlatRow).score;
    while (i < rows.length && (rows[i] as FlatRow).score === threshold) {
      const row = rows[i] as FlatRow;
      if (row.window < 0) {
        fpSum += row.factor * cost.fpWeight;
        fp++;
      } else {
        const value = row.factor * cost.tpWeight;
        const before = windowPart[row.window] as number;
        if (value > before) {
          windowPart[row.window] = value;
          windowSum += value - before;
        }
        tp++;
      }
      i++;
    }
    const raw = windowSum + fpSum;
    if (raw > best.raw) best = { threshold, raw, tp, fp };
  }
  return { threshold: best.threshold, raw: best.raw, ...normalise(best.raw, windows, cost), truePositives: best.tp, falsePositives: best.fp, windows };
}

/** The corpus score at a given threshold (for a threshold chosen elsewhere, as cross-validation does). */
export function scoreAtThreshold(files: readonly FileSweep[], cost: CostMatrix, threshold: number): CorpusScore {
  const { rows, windows } = flatten(files);
  const windowPart = new Float64Array(windows).fill(-cost.fnWeight);
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  for (const row of rows) {
    if (!(row.score >= threshold)) continue;
    if (row.window < 0) {
      fpSum += row.factor * cost.fpWeight;
      fp++;
    } else {
      windowPart[row.window] = Math.max(windowPart[row.window] as number, row.factor * cost.tpWeight);
      tp++;
    }
  }
  let raw = fpSum;
  for (const part of windowPart) raw += part;
  return { threshold, raw, ...normalise(raw, windows, cost), truePositives: tp, falsePositives: fp, windows };
}
