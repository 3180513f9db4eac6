import fs from 'node:fs';
import path from 'node:path';
import { nabDir } from './analysis/nab-location';
import { SeasonalForecaster } from '../src/core/analysis/forecast/seasonal-forecaster';
import { TrendForecaster } from '../src/core/analysis/forecast/trend-forecaster';
import { linearRegression } from '../src/core/promql/range-functions';
import { evaluateFillRun, type FillErrors } from './forecast/fill-evaluation';
import { fillScenarios, type FillRun } from './forecast/fill-scenarios';
import { readNabFolder } from './forecast/nab-series';
import { canMount, fillRealDisk } from './forecast/real-disk-fill';
import { evaluateSeasonal, type SeasonalScore } from './forecast/seasonal-evaluation';
import { seasonalScenarios } from './forecast/seasonal-scenarios';
import { percentile, printFigures } from './report';

/**
 * `npm run bench forecast [-- --seeds=N --first-seed=K --nab-data=DIR --no-disk --disk-seconds=S]`
 *
 * `--first-seed` draws other runs of the same scenarios (seeds K … K+N−1; 1 by default): the rules
 * were chosen on seeds 1–20, so later seeds are series they were not tuned on.
 *
 * 1. Time until threshold on disks filled at a changing rate (generated with known truth, and a
 *    real tmpfs filled by a child process and read by the machine probe), beside Prometheus'
 *    predict_linear over the same samples, in the same run.
 * 2. Seasonal forecasts on NAB's shared half and generated seasonal series: MASE against
 *    seasonal-naive on the same origins.
 * 3. Cost: updates per second on one core, forecasts per second, bytes of state per series.
 */
/** `--name=value` (the bench runner takes every bare word for a benchmark's name). */
function option(name: string, fallback: string): string {
  const given = process.argv.find((arg) => arg.startsWith(`${name}=`));
  return given === undefined ? fallback : given.slice(name.length + 1);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'never');

interface Summary {
  ours: number[];
  linearAll: number[];
  linearSame: number[];
  firstOurs: number[];
  firstLinear: number[];
  covered: number;
  points: number;
}

function summarise(results: FillErrors[]): Summary {
  const s: Summary = { ours: [], linearAll: [], linearSame: [], firstOurs: [], firstLinear: [], covered: 0, points: 0 };
  for (const r of results) {
    for (const p of r.points) {
      s.ours.push(p.ours);
      s.linearAll.push(p.linearAll);
      s.linearSame.push(p.linearSameWindow);
      if (p.first) {
        s.firstOurs.push(p.ours);
        s.firstLinear.push(p.linearAll);
      }
      if (p.covered) s.covered++;
      s.points++;
    }
  }
  return s;
}

function printFillTable(title: string, rows: Array<{ name: string; describe: string; summary: Summary }>): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(
    "  scenario          ours p50 / p90        predict_linear p50 / p90   (ours' window)       at 20 %: ours / p_l   80 % band covers   verdict\n",
  );
  for (const { name, summary: s } of rows) {
    const ours50 = percentile(s.ours, 50);
    const linear50 = percentile(s.linearAll, 50);
    const verdict =
      ours50 <= 0.1 && ours50 < linear50 ? 'met' : ours50 < linear50 ? 'better than p_l; median > 10 %' : 'MISSED: not better than predict_linear';
    process.stdout.write(
      `  ${name.padEnd(16)}  ${pct(ours50).padStart(8)} / ${pct(percentile(s.ours, 90)).padEnd(9)}  ${pct(linear50).padStart(8)} / ${pct(percentile(s.linearAll, 90)).padEnd(9)}  (${pct(percentile(s.linearSame, 50))} / ${pct(percentile(s.linearSame, 90))})`.padEnd(
        92,
      ) +
        `${pct(percentile(s.firstOurs, 50))} / ${pct(percentile(s.firstLinear, 50))}`.padEnd(22) +
        `${((100 * s.covered) / Math.max(1, s.points)).toFixed(0)} % of ${s.points}`.padEnd(19) +
        `${verdict}\n`,
    );
  }
}

async function fills(seeds: number, firstSeed: number, disk: boolean, diskSeconds: number): Promise<void> {
  const rows = fillScenarios.map((scenario) => {
    const runs: FillErrors[] = [];
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const run = scenario.generate(seed);
      if (run.crossIndex > 0) runs.push(evaluateFillRun(run));
    }
    return { name: scenario.name, describe: scenario.describe, summary: summarise(runs) };
  });
  printFillTable(
    `Time until threshold (95 %), generated disks with known truth: ${seeds} runs per scenario (seeds ${firstSeed}–${firstSeed + seeds - 1}), 6 h to 3 days each; asked at 20 % of the fill and 30 times after; target: median ≤ 10 % and better than predict_linear (same samples)`,
    rows,
  );
  for (const row of rows) process.stdout.write(`    ${row.name}: ${row.describe}\n`);

  if (!disk) return;
  const refused = canMount();
  if (refused !== undefined) {
    process.stdout.write(`\nReal disk: skipped (${refused})\n`);
    return;
  }
  const realRows: Array<{ name: string; describe: string; summary: Summary }> = [];
  for (const scenario of ['steady', 'accelerating', 'decelerating', 'cleanups'] as const) {
    const runs: FillRun[] = [];
    for (let seed = 1; seed <= 2; seed++) {
      const run = await fillRealDisk(scenario, diskSeconds, seed);
      if (typeof run === 'string') process.stdout.write(`  real ${scenario}: ${run}\n`);
      else {
        runs.push(run);
        process.stdout.write(
          `  real ${scenario} run ${seed}: ${run.ts.length} reads, each took p50 ${run.readMs?.p50} ms, max ${run.readMs?.max} ms (stamped at its middle)\n`,
        );
      }
    }
    realRows.push({ name: `real-${scenario}`, describe: '', summary: summarise(runs.map(evaluateFillRun)) });
  }
  printFillTable(
    `Time until threshold (90 %), a real 64 MiB tmpfs filled by a child process in about ${diskSeconds} s, read by the machine probe (statfs) every 100 ms: 2 runs per scenario`,
    realRows,
  );
}

function printSeasonal(title: string, scores: SeasonalScore[]): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(
    '  series                                              season found (at the end)                      origins   MASE vs seasonal-naive   80 % band covers\n',
  );
  const seasonal: number[] = [];
  for (const s of scores) {
    const found = !s.season.startsWith('no ');
    const naiveExact = found && s.origins > 0 && s.naiveMae === 0;
    if (found && Number.isFinite(s.mase) && !naiveExact) seasonal.push(s.mase);
    const mase = naiveExact ? 'naive exact (no noise)' : Number.isFinite(s.mase) ? s.mase.toFixed(3) : '—';
    const note = naiveExact ? '' : !found ? '  (not seasonal)' : s.mase < 1 ? '  (< 1)' : '  (≥ 1)';
    process.stdout.write(
      `  ${s.name.padEnd(52)}${s.season.slice(0, 46).padEnd(47)}${String(s.origins).padStart(7)}   ${mase.padStart(8)}${note}`.padEnd(143) +
        `${Number.isFinite(s.coverage) ? `${(100 * s.coverage).toFixed(0)} %` : ''}\n`,
    );
  }
  const geometric = Math.exp(seasonal.reduce((a, m) => a + Math.log(m), 0) / Math.max(1, seasonal.length));
  printFigures(`  overall, the ${seasonal.length} seasonal series`, [
    { name: 'geometric mean of MASE', value: geometric, unit: '', target: { op: '<=', value: 1 } },
    { name: 'series with MASE < 1', value: seasonal.filter((m) => m < 1).length, unit: `of ${seasonal.length}` },
  ]);
}

/** NAB's data: --nab-data, else the development half in the repository. */
function nabFolder(): string | undefined {
  const given = option('--nab-data', '');
  const folder = given !== '' ? given : path.join(nabDir(), 'data');
  return fs.existsSync(folder) ? folder : undefined;
}

function seasonalAccuracy(nabDir: string | undefined): void {
  if (nabDir === undefined) process.stdout.write('\nNAB: no data folder found (give --nab-data DIR)\n');
  else printNab(nabDir);
  printSeasonal('Seasonal forecasts on generated seasonal series', seasonalScenarios().map(evaluateSeasonal));
}

function printNab(nabDir: string): void {
  const nab = readNabFolder(nabDir).map(evaluateSeasonal);
  printSeasonal(
    `Seasonal forecasts on NAB's shared half (${nabDir}): a series is seasonal when the forecaster's detector holds a daily or weekly season at its end (strength of seasonality above 0.3 + π/(2·cycles), at least 3 cycles); forecasts one season ahead from every 6 h once a season is found`,
    nab,
  );
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function cost(): void {
  const SERIES = 1_000;
  const SAMPLES = 1_000;
  const STEP = 10_000;
  const T0 = Date.UTC(2026, 10, 1);
  const values = Array.from({ length: SAMPLES }, (_, i) => 5e10 + 1e6 * i + 2e7 * Math.sin(i / 7));

  // Baseline: the cheapest per-series state there is, a bounded array of (time, value) pairs.
  const rings = Array.from({ length: SERIES }, () => ({ ts: new Float64Array(360), vs: new Float64Array(360), n: 0 }));
  let started = process.hrtime.bigint();
  for (let i = 0; i < SAMPLES; i++) {
    for (const ring of rings) {
      const k = ring.n++ % 360;
      ring.ts[k] = T0 + i * STEP;
      ring.vs[k] = values[i] as number;
    }
  }
  const ringRate = (SERIES * SAMPLES) / seconds(started);

  const trends = Array.from({ length: SERIES }, () => new TrendForecaster());
  started = process.hrtime.bigint();
  for (let i = 0; i < SAMPLES; i++) for (const f of trends) f.update(T0 + i * STEP, values[i] as number);
  const trendRate = (SERIES * SAMPLES) / seconds(started);

  const seasonals = Array.from({ length: SERIES }, () => new SeasonalForecaster());
  started = process.hrtime.bigint();
  for (let i = 0; i < SAMPLES; i++) for (const f of seasonals) f.update(T0 + i * STEP, values[i] as number);
  const seasonalRate = (SERIES * SAMPLES) / seconds(started);

  // A forecast as the engine would ask it (each series once a minute), beside predict_linear
  // over an hour of raw 10 s samples (what a `predict_linear(x[1h], …)` rule computes).
  const now = T0 + (SAMPLES - 1) * STEP;
  started = process.hrtime.bigint();
  for (const f of trends) f.forecast(now + 1, { threshold: 1e11 });
  const forecastRate = SERIES / seconds(started);
  started = process.hrtime.bigint();
  for (const ring of rings) linearRegression(Array.from(ring.ts), Array.from(ring.vs), now);
  const linearRate = SERIES / seconds(started);

  // State of one series after a day and after 30 days of 10 s samples.
  const day = new TrendForecaster();
  const month = new TrendForecaster();
  const seasonalMonth = new SeasonalForecaster();
  for (let i = 0; i < 30 * 8640; i++) {
    const t = T0 + i * STEP;
    const v = 5e10 + 1e4 * i + 1e9 * Math.sin((2 * Math.PI * i) / 8640) + 1e7 * Math.sin(i);
    if (i < 8640) day.update(t, v);
    month.update(t, v);
    seasonalMonth.update(t, v);
  }
  printFigures('Cost (one core; 1,000 series × 1,000 samples at 10 s)', [
    { name: 'trend forecaster updates', value: trendRate, unit: 'samples/s' },
    { name: 'seasonal forecaster updates', value: seasonalRate, unit: 'samples/s' },
    { name: 'baseline: the same samples into a bounded array per series', value: ringRate, unit: 'samples/s' },
    { name: 'trend forecasts (time until threshold, interval)', value: forecastRate, unit: 'series/s' },
    { name: 'baseline: predict_linear over 1 h of raw samples', value: linearRate, unit: 'series/s' },
    { name: 'trend state after a day / 30 days at 10 s', value: day.bytes, unit: `/ ${month.bytes} B (JSON ${JSON.stringify(month.snapshot()).length} B)` },
    {
      name: 'seasonal state after 30 days at 10 s (with its season)',
      value: seasonalMonth.bytes,
      unit: `B (JSON ${JSON.stringify(seasonalMonth.snapshot()).length} B)`,
    },
    { name: 'baseline: raw samples of 1 h at 10 s (predict_linear[1h])', value: 360 * 16, unit: 'B' },
  ]);
}

export async function run(): Promise<void> {
  const seeds = Number(option('--seeds', '20'));
  await fills(seeds, Number(option('--first-seed', '1')), !process.argv.includes('--no-disk'), Number(option('--disk-seconds', '30')));
  seasonalAccuracy(nabFolder());
  cost();
}
