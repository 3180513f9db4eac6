import fs from 'node:fs';
import path from 'node:path';
import { leaveOneCategoryOut } from './analysis/cross-validation';
import { listSeriesKeys, nabTimestampMs, readProfiles, readSeries, readWindows, type NabSeries, type WindowsByKey } from './analysis/nab-corpus';
import { nabDir } from './analysis/nab-location';
import { sweepResults, windowsMs, writeResults } from './analysis/nab-results';
import { detectSeries } from './analysis/nab-run';
import { scoreCorpus, sweepFile } from './analysis/nab-scorer';
import { falseAlarmRates } from './analysis/noise-calibration';
import { rateChangeTable, type RateScorer } from './analysis/rate-change';
import { measureThroughput } from './analysis/throughput';
import { printFigures } from './report';
import { SeriesScorer } from '../src/core/analysis/series-scorer';
import os from 'node:os';

/**
 * Anomaly detection on the Numenta Anomaly Benchmark.
 *
 * `npm run bench analysis -- --nab-data DIR --results OUT [--windows FILE]` runs Zervigo's
 * detector, as the engine runs it, over any folder in NAB's data layout and writes NAB's
 * results layout (OUT/zervigo/<category>/zervigo_<file>.csv).
 *
 * Without flags, on the shared half of NAB: Zervigo's scores on all three profiles beside the
 * published ARTime, numenta (HTM) and windowedGaussian results scored by the same scorer, a
 * leave-one-category-out estimate for unseen series, the detector's CPU time per sample beside a
 * trivial baseline measured in the same run, and the bytes of state per series; then a 0/1
 * `probe_success` whose failure rate rises (bench/analysis/rate-change.ts). `-- --only nab`,
 * `-- --only cost` or `-- --only rate` runs one part; `-- --baseline DIR` (a checkout of an
 * older build) measures its scorer beside this one's on the same 0/1 series.
 */
const DETECTOR = 'zervigo';
const PUBLISHED = ['ARTime', 'numenta', 'windowedGaussian'];
const STATE_BUDGET = 8 * 1024;

export async function run(args: string[] = []): Promise<void> {
  const flags = parseFlags(args);
  if (flags.has('nab-data') || flags.has('results')) {
    writeCorpusResults(flags);
    return;
  }
  const root = nabDir();
  const keys = listSeriesKeys(path.join(root, 'data'));
  const series = keys.map((key) => readSeries(path.join(root, 'data'), key));
  const only = flags.get('only');
  if (only === undefined || only === 'nab') scoreOnNab(root, keys, series);
  if (only === undefined || only === 'cost') measureCost(series);
  if (only === undefined || only === 'rate') await measureRateChanges(flags.get('baseline'));
}

/** Samples to find a rise in a 0/1 series' failure rate, and episodes where it stays (20 seeds; 5 x 200,000 samples). */
async function measureRateChanges(baselineDir: string | undefined): Promise<void> {
  const builds: Array<{ name: string; create: () => RateScorer }> = [{ name: 'this', create: () => SeriesScorer.create('probe_success', {}) }];
  if (baselineDir !== undefined) {
    const older = (await import(path.resolve(baselineDir, 'src/core/analysis/series-scorer.ts'))) as { SeriesScorer: typeof SeriesScorer };
    builds.push({ name: 'baseline', create: () => older.SeriesScorer.create('probe_success', {}) });
  }
  const started = os.loadavg()[0] as number;
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const lines = rateChangeTable(builds, seeds, 200_000);
  process.stdout.write(
    `\n0/1 probe_success every 10 s, a day learned (load average ${started.toFixed(1)} -> ${(os.loadavg()[0] as number).toFixed(1)})\n${lines.join('\n')}\n`,
  );
}

/** Zervigo's detector and the published ones on the shared half, by the same scorer; cross-validation; alarms on noise. */
function scoreOnNab(root: string, keys: string[], series: NabSeries[]): void {
  const windows = readWindows(path.join(root, 'labels', 'combined_windows.json'));
  const profiles = readProfiles(path.join(root, 'config', 'profiles.json'));
  const profileNames = Object.keys(profiles);

  const runs = series.map((one) => ({ one, ...detectSeries(one) }));
  const zervigo = runs.map(({ one, scores }) => sweepFile(one.key, one.timestamps.map(nabTimestampMs), scores, windowsMs(windows, one.key)));
  const rows: Array<[string, number[]]> = [[DETECTOR, profileNames.map((name) => scoreCorpus(zervigo, profiles[name]!).normalised)]];
  for (const detector of PUBLISHED) {
    const sweeps = sweepResults(path.join(root, 'results'), detector, keys, windows);
    rows.push([detector, profileNames.map((name) => scoreCorpus(sweeps, profiles[name]!).normalised)]);
  }
  process.stdout.write(`\nNAB v1.0, shared half (${series.length} files, ${countWindows(windows, keys)} windows), same scorer for all\n`);
  process.stdout.write(`  ${'detector'.padEnd(18)}${profileNames.map((name) => name.padStart(20)).join('')}\n`);
  for (const [name, scores] of rows) process.stdout.write(`  ${name.padEnd(18)}${scores.map((score) => score.toFixed(2).padStart(20)).join('')}\n`);

  // Where the difference comes from: each category scored on its own (its own threshold).
  const artime = sweepResults(path.join(root, 'results'), 'ARTime', keys, windows);
  const categories = [...new Set(series.map((one) => one.category))].sort();
  process.stdout.write('\n  standard profile by category (threshold per category)   zervigo   ARTime\n');
  for (const category of categories) {
    const pick = <T>(all: T[]): T[] => all.filter((_, i) => series[i]?.category === category);
    const ours = scoreCorpus(pick(zervigo), profiles.standard!);
    if (ours.windows === 0) continue;
    const theirs = scoreCorpus(pick(artime), profiles.standard!);
    process.stdout.write(`  ${category.padEnd(54)}${ours.normalised.toFixed(1).padStart(8)}${theirs.normalised.toFixed(1).padStart(9)}\n`);
  }

  const cv = leaveOneCategoryOut(series, windows, profiles);
  process.stdout.write('\nLeave-one-category-out (parameters and threshold chosen without the held-out category)\n');
  for (const name of profileNames) {
    const estimate = cv[name]!;
    process.stdout.write(
      `  ${name.padEnd(20)} threshold carried over ${estimate.transferred.toFixed(2)}   re-optimised on held-out ${estimate.reoptimised.toFixed(2)}\n`,
    );
  }
  const chosen = cv.standard?.chosen ?? [];
  process.stdout.write(`  standard folds chose: ${chosen.map(({ category, parameters }) => `${category} ${JSON.stringify(parameters)}`).join('; ')}\n`);

  printFigures(
    'Alarms on pure noise (per 10,000 samples, after 10,000 to learn)',
    falseAlarmRates().flatMap((rate) => [
      { name: `${rate.noise}, score > 0.99`, value: rate.per10kAt099, unit: '' },
      { name: `${rate.noise}, score > 0.999`, value: rate.per10kAt0999, unit: '' },
    ]),
  );
}

/** CPU time per sample (not wall time: the load average would skew it) and the state's size. */
function measureCost(series: NabSeries[]): void {
  const streams = series.map((one) => ({ times: Float64Array.from(one.timestamps.map(nabTimestampMs)), values: Float64Array.from(one.values) }));
  const throughput = measureThroughput(streams);
  const stateBytes = series.map((one) => detectSeries(one).stateBytes);
  const samples = streams.reduce((sum, stream) => sum + stream.values.length, 0);
  printFigures(
    `Anomaly detector cost (one core, all ${samples.toLocaleString('en-US')} NAB samples, CPU time; load average ${throughput.loadAverage.toFixed(1)})`,
    [
      { name: 'detector throughput (per CPU second)', value: throughput.detector.samplesPerCpuSecond, unit: 'samples/s', target: { op: '>=', value: 200_000 } },
      { name: 'detector CPU per sample', value: throughput.detector.cpuNsPerSample, unit: 'ns' },
      { name: 'as the engine runs it (SeriesScorer), per CPU second', value: throughput.scorer.samplesPerCpuSecond, unit: 'samples/s' },
      { name: 'baseline (EWMA z-score), per CPU second', value: throughput.baseline.samplesPerCpuSecond, unit: 'samples/s' },
      { name: 'detector per wall second (falls with the load)', value: throughput.detector.samplesPerWallSecond, unit: 'samples/s' },
      { name: 'state per series (largest)', value: Math.max(...stateBytes), unit: 'bytes', target: { op: '<=', value: STATE_BUDGET } },
    ],
  );
}

function writeCorpusResults(flags: Map<string, string>): void {
  const dataDir = flags.get('nab-data');
  const outDir = flags.get('results');
  if (dataDir === undefined || outDir === undefined) throw new Error('usage: npm run bench analysis -- --nab-data DIR --results OUT [--windows FILE]');
  const windowsFile = flags.get('windows');
  const windows: WindowsByKey | undefined = windowsFile === undefined ? undefined : readWindows(windowsFile);
  const keys = listSeriesKeys(dataDir);
  if (keys.length === 0) throw new Error(`no <category>/<file>.csv under ${dataDir}`);
  const started = process.hrtime.bigint();
  let rows = 0;
  for (const key of keys) {
    const series = readSeries(dataDir, key);
    const { scores } = detectSeries(series);
    writeResults(outDir, DETECTOR, { key, timestamps: series.timestamps, valueTexts: series.valueTexts, scores }, windows);
    rows += scores.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`wrote ${keys.length} files (${rows} rows) to ${path.join(outDir, DETECTOR)} in ${seconds.toFixed(1)} s\n`);
}

/** `--name value` pairs; anything else is refused, so a typo does not silently run the default. */
function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    const value = args[i + 1];
    if (!['nab-data', 'results', 'windows', 'only', 'baseline'].includes(name) || value === undefined) {
      throw new Error(
        `unexpected argument "${arg}"; usage: npm run bench analysis [-- --only nab|cost|rate] [--baseline DIR] or -- --nab-data DIR --results OUT [--windows FILE]`,
      );
    }
    if (name === 'only' && value !== 'nab' && value !== 'cost' && value !== 'rate') throw new Error(`--only ${value}: expected nab, cost or rate`);
    flags.set(name, value);
    i++;
  }
  for (const name of ['nab-data', 'windows', 'baseline']) {
    const value = flags.get(name);
    if (value !== undefined && !fs.existsSync(value)) throw new Error(`--${name} ${value}: no such file or folder`);
  }
  return flags;
}

function countWindows(windows: WindowsByKey, keys: readonly string[]): number {
  return keys.reduce((sum, key) => sum + (windows[key]?.length ?? 0), 0);
}
