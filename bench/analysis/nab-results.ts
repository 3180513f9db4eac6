import fs from 'node:fs';
import path from 'node:path';
import { column, listSeriesKeys, nabTimestampMs, readCsv, type WindowsByKey } from './nab-corpus';
import { sweepFile, type FileSweep } from './nab-scorer';

/**
 * NAB's results layout: `<results>/<detector>/<category>/<detector>_<file>.csv` with
 * `timestamp,value,anomaly_score,label`, one row per data row (probationary rows included).
 */
export function resultsFile(resultsDir: string, detector: string, key: string): string {
  const [category = '', file = ''] = key.split('/');
  return path.join(resultsDir, detector, category, `${detector}_${file}`);
}

export interface DetectorRun {
  key: string;
  timestamps: string[];
  valueTexts: string[];
  scores: number[];
}

/** Window bounds of one file in ms, from the windows file (none when the file has no entry). */
export function windowsMs(windows: WindowsByKey | undefined, key: string): Array<[number, number]> {
  return (windows?.[key] ?? []).map(([start, end]) => [nabTimestampMs(start), nabTimestampMs(end)]);
}

/** 1 inside a window, else 0: the `label` column NAB writes. */
export function labelsOf(timestamps: readonly string[], windows: ReadonlyArray<readonly [number, number]>): number[] {
  return timestamps.map((text) => {
    const t = nabTimestampMs(text);
    return windows.some(([start, end]) => t >= start && t <= end) ? 1 : 0;
  });
}

export function writeResults(resultsDir: string, detector: string, run: DetectorRun, windows: WindowsByKey | undefined): string {
  const file = resultsFile(resultsDir, detector, run.key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const labels = labelsOf(run.timestamps, windowsMs(windows, run.key));
  const lines = ['timestamp,value,anomaly_score,label'];
  for (let i = 0; i < run.timestamps.length; i++) {
    lines.push(`${run.timestamps[i]},${run.valueTexts[i]},${run.scores[i]},${labels[i]}`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A detector's published (or written) results for every data file, swept against the windows. */
export function sweepResults(resultsDir: string, detector: string, keys: readonly string[], windows: WindowsByKey): FileSweep[] {
  return keys.map((key) => {
    const file = resultsFile(resultsDir, detector, key);
    const table = readCsv(file);
    const timestamps = column(table, 'timestamp', file).map(nabTimestampMs);
    const scores = column(table, 'anomaly_score', file).map(Number);
    return sweepFile(key, timestamps, scores, windowsMs(windows, key));
  });
}

export { listSeriesKeys };
