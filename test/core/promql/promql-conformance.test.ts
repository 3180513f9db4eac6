import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateInstant } from '../../../src/core/promql/query';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';
import { backfillOpenMetrics, requirePrometheus, startPrometheus, type RunningPrometheus } from '../../helpers/prometheus';
import { DATA_SPAN_MS, generateSeries, toOpenMetrics, writeToStore } from './conformance-data';

/**
 * The same series in a real Prometheus (Debian's 2.42, backfilled with promtool) and in our
 * store; every expression below must give the same result from both at every instant.
 */
const expressions = [
  // Selectors: the four matcher kinds, offset, the metric name as a matcher.
  'cpu_usage_percent',
  'cpu_usage_percent{host="h1"}',
  'cpu_usage_percent{host!="h1"}',
  'cpu_usage_percent{host=~"h[12]"}',
  'cpu_usage_percent{host!~"h[12]",mode="user"}',
  'cpu_usage_percent offset 10m',
  '{__name__="node_load1"}',
  '{__name__=~"node_.*|up"}',
  // Arithmetic and comparison, filtering and bool, with scalars on either side.
  'cpu_usage_percent > 50',
  'cpu_usage_percent > bool 50',
  '50 < cpu_usage_percent',
  '50 >= bool cpu_usage_percent',
  'cpu_usage_percent * 2 - 1',
  '-cpu_usage_percent',
  'cpu_usage_percent % 7',
  'cpu_usage_percent ^ 0.5',
  '100 / cpu_usage_percent',
  '2 ^ 3 + 1',
  '1 < bool 2',
  'temperature_celsius < -5 or temperature_celsius > 30',
  'probe_success == 0',
  'up != 1',
  // One-to-one vector matching with on/ignoring, and the set operators.
  'cpu_usage_percent{mode="user"} / ignoring(mode) cpu_usage_percent{mode="system"}',
  'cpu_usage_percent{mode="user"} - on(host) cpu_usage_percent{mode="system"}',
  'cpu_usage_percent{mode="user"} > on(host) cpu_usage_percent{mode="system"}',
  'cpu_usage_percent{mode="user"} > bool ignoring(mode) cpu_usage_percent{mode="system"}',
  'cpu_usage_percent and cpu_usage_percent > 50',
  'cpu_usage_percent > 80 or cpu_usage_percent < 20',
  'cpu_usage_percent unless cpu_usage_percent > 50',
  'up unless on(job) (up == 0)',
  'probe_success and on(service) probe_success{probe="http"}',
  // Aggregations by and without.
  'sum(cpu_usage_percent)',
  'sum by (host) (cpu_usage_percent)',
  'avg without (mode) (cpu_usage_percent)',
  'min by (mode) (cpu_usage_percent)',
  'max(cpu_usage_percent) by (mode)',
  'count(cpu_usage_percent > 30)',
  'count by (job) (up)',
  'sum(up) by (job) / count(up) by (job)',
  // Range functions.
  'rate(http_requests_total[5m])',
  'rate(http_requests_total{code="500"}[1m])',
  'increase(http_requests_total[10m])',
  'increase(http_requests_total{job="api",instance="i1",code="200"}[30m])',
  'sum by (job) (rate(http_requests_total[5m]))',
  'sum by (job) (rate(http_requests_total{code="500"}[5m])) / sum by (job) (rate(http_requests_total[5m]))',
  'rate(http_requests_total[5m] offset 5m)',
  'deriv(disk_free_bytes[15m])',
  'predict_linear(disk_free_bytes[30m], 3600)',
  'predict_linear(disk_free_bytes[1h], 4 * 3600) < 1e11',
  'avg_over_time(cpu_usage_percent[5m])',
  'min_over_time(temperature_celsius[10m])',
  'max_over_time(temperature_celsius[10m])',
  'sum_over_time(probe_success[5m])',
  'count_over_time(http_requests_total[5m])',
  'avg_over_time(probe_success[10m]) < 0.9',
  'max_over_time(queue_depth[10m] offset 1m)',
  // absent, abs, clamp.
  'absent(queue_depth{queue="q1"})',
  'absent(heartbeat{job="cron"})',
  'absent(nonexistent_metric{job="x", env=~"p.*"})',
  'abs(temperature_celsius)',
  'clamp_min(temperature_celsius, 0)',
  'clamp_max(cpu_usage_percent, 50)',
  // Scalars and vectors from functions.
  'time()',
  'vector(1)',
  'scalar(node_load1) * 2',
];

const MINUTE = 60_000;

interface Normalized {
  resultType: string;
  series: Map<string, number>;
}

function keyOf(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => a.localeCompare(b)));
}

function normalize(data: { resultType: string; result: unknown }): Normalized {
  const series = new Map<string, number>();
  if (data.resultType === 'scalar') series.set('scalar', Number((data.result as [number, string])[1]));
  else if (data.resultType === 'vector')
    for (const sample of data.result as { metric: Record<string, string>; value: [number, string] }[])
      series.set(keyOf(sample.metric), Number(sample.value[1]));
  return { resultType: data.resultType, series };
}

function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function differences(ours: Normalized, theirs: Normalized): string[] {
  const problems: string[] = [];
  if (ours.resultType !== theirs.resultType) problems.push(`result type ${ours.resultType}, Prometheus ${theirs.resultType}`);
  for (const [key, value] of theirs.series) {
    const mine = ours.series.get(key);
    if (mine === undefined) problems.push(`missing ${key} (Prometheus: ${value})`);
    else if (!same(mine, value)) problems.push(`${key}: ${mine}, Prometheus ${value}`);
  }
  for (const key of ours.series.keys()) if (!theirs.series.has(key)) problems.push(`extra ${key}`);
  return problems;
}

describe('PromQL conformance with Prometheus 2.42', () => {
  let prometheus: RunningPrometheus;
  let store: SeriesStore;
  let db: Database;
  let instants: number[];

  beforeAll(async () => {
    requirePrometheus();
    // Recent enough to be inside any retention, old enough to be closed hours in our store.
    const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 4 * 3_600_000;
    const end = start + DATA_SPAN_MS;
    const series = generateSeries(start);
    const work = tempDir('zervigo-conformance-');
    const openMetrics = path.join(work, 'series.om.txt');
    fs.writeFileSync(openMetrics, toOpenMetrics(series));
    const tsdb = path.join(work, 'tsdb');
    backfillOpenMetrics(openMetrics, tsdb);
    prometheus = await startPrometheus(tsdb, work);

    db = openDatabase(path.join(work, 'zervigo.db'));
    const clock = { now: start };
    store = new SeriesStore(db, () => clock.now);
    await writeToStore(store, clock, series);
    // Off-grid, on the grid (inclusive window ends), near the end, and after series went stale.
    instants = [start + 40 * MINUTE + 7_300, start + 60 * MINUTE + 15_000, start + 95 * MINUTE, end - MINUTE, end + 2 * MINUTE, end + 6 * MINUTE];
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (db?.open) db.close();
  });

  it(`agrees on ${expressions.length} expressions at several instants`, async () => {
    expect(expressions.length).toBeGreaterThanOrEqual(40);
    const failures: string[] = [];
    let nonEmpty = 0;
    for (const expr of expressions) {
      for (const at of instants) {
        const theirs = normalize(await prometheus.query(expr, at));
        let ours: Normalized;
        try {
          ours = normalize(evaluateInstant(store, expr, at));
        } catch (error) {
          failures.push(`${expr} @ ${at}: ${(error as Error).message}`);
          continue;
        }
        if (theirs.series.size > 0) nonEmpty++;
        const problems = differences(ours, theirs);
        if (problems.length > 0) failures.push(`${expr} @ ${new Date(at).toISOString()}:\n    ${problems.slice(0, 5).join('\n    ')}`);
      }
    }
    expect(failures).toEqual([]);
    // The comparison means something only when most answers hold data.
    expect(nonEmpty).toBeGreaterThan(expressions.length * instants.length * 0.7);
  }, 120_000);
});
