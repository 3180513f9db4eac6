import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import type { ReportResult } from '../src/shared/contract/reports';
import { cpuMs } from './process-cpu';
import { percentile, printFigures } from './report';
import { assertBuilt, root, serve, stop } from './serve-process';

/**
 * `zervigo report` over 30 days of 200 services: the hourly rollups a month of checks leaves
 * (probe success and duration, process CPU and memory per service, the machine's series: 589,000
 * rows), 300 incidents and 500 restarts. Timed through the engine's command in-process, and as
 * an operator runs it (the CLI against `zervigo serve`, Node's start included); beside a bare SQL
 * pass over the same rollup rows, same run.
 */
const SERVICES = 200;
const DAYS = 30;
const HOUR = 3_600_000;
const RUNS = 5;

function fill(engine: Engine, now: number): number {
  const db = engine.db;
  const insert = db.prepare('INSERT INTO samples_1h (series_id, ts, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?)');
  const first = Math.floor((now - DAYS * 24 * HOUR) / HOUR) * HOUR;
  let rows = 0;
  db.transaction(() => {
    const add = (name: string, labels: Record<string, string>, value: (hour: number, i: number) => [number, number, number, number]) => {
      const id = engine.series.index.idOf(name, labels);
      for (let hour = first, i = 0; hour < now - HOUR; hour += HOUR, i++) {
        insert.run(id, hour, ...value(hour, i));
        rows++;
      }
    };
    for (let s = 0; s < SERVICES; s++) {
      const labels = { service: `s${s}`, probe: 'http#0', instance: `http://127.0.0.1/s${s}` };
      // 360 checks an hour (every 10 s); service s fails s/40 of them in one hour a day.
      add('probe_success', labels, (_hour, i) => {
        const failed = i % 24 === s % 24 ? Math.round((s / 40) * 10) : 0;
        return [failed > 0 ? 0 : 1, 1, 360 - failed, 360];
      });
      add('probe_duration_seconds', labels, (_hour, i) => [0.01, 0.05 + (i % 5) / 100, 360 * 0.02, 360]);
      add('process_cpu_usage_percent', { service: `s${s}` }, (_hour, i) => [1, 10 + (i % 3), 360 * 4, 360]);
      add('process_resident_memory_bytes', { service: `s${s}` }, (_hour, i) => [1e8, 1.2e8 + i * 1e4, 360 * 1.1e8, 360]);
    }
    add('system_cpu_usage_percent', { host: 'h' }, () => [5, 80, 720 * 30, 720]);
    add('system_memory_usage_percent', { host: 'h' }, () => [40, 60, 720 * 50, 720]);
    add('system_load1', { host: 'h' }, () => [0.1, 3, 720, 720]);
    add('system_disk_used_percent', { host: 'h', mountpoint: '/' }, (_hour, i) => [40 + i / 24, 40 + i / 24, 720 * (40 + i / 24), 720]);
    const event = db.prepare(
      'INSERT INTO alert_events (fingerprint, alertname, at, kind, from_state, to_state, value, detail) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    for (let i = 0; i < 300; i++) {
      const at = now - (i + 1) * 2 * HOUR;
      const fingerprint = i.toString(16).padStart(16, '0');
      event.run(fingerprint, 'ServiceDown', at, 'state', 'pending', 'firing', null);
      event.run(fingerprint, 'ServiceDown', at + 120_000, 'ack', null, null, 'ops: on it');
      event.run(fingerprint, 'ServiceDown', at + 600_000, 'state', 'firing', 'resolved', null);
    }
    const audit = db.prepare("INSERT INTO audit_log (at, actor, action, target, outcome) VALUES (?, 'supervisor', 'restart', ?, 'ok')");
    for (let i = 0; i < 500; i++) audit.run(now - i * HOUR, `s${i % SERVICES}`);
  })();
  return rows;
}

function cliReport(url: string, dataDir: string): Promise<{ ms: number; status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'zervigo.js'), 'report', '--url', url, '--data-dir', dataDir, '--since', '30d', '--format', 'html'],
      { env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('exit', (status) => resolve({ ms: performance.now() - started, status, stdout }));
  });
}

export async function run(): Promise<void> {
  assertBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-report-'));
  const dataDir = path.join(dir, 'data');
  const workspace = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(workspace, `version: 1\nmachine: false\nservices:\n${Array.from({ length: SERVICES }, (_, s) => `  s${s}: {}\n`).join('')}`);
  const now = Date.now();
  const engine = Engine.start({ dataDir, workspacePath: workspace, shell: 'cli', logger: silentLogger, processEnv: {} });
  let rows: number;
  const inProcess: number[] = [];
  const inProcessCpu: number[] = [];
  const bare: number[] = [];
  let result: ReportResult | null = null;
  try {
    rows = fill(engine, now);
    for (let i = 0; i < RUNS; i++) {
      const cpu = cpuMs();
      const started = performance.now();
      result = (await engine.dispatch('reports.generate', { since: '30d' }, { actor: 'bench', transport: 'internal' })) as ReportResult;
      inProcess.push(performance.now() - started);
      inProcessCpu.push(cpuMs() - cpu);
      const bareStarted = performance.now();
      const statement = engine.db.prepare('SELECT sum, count FROM samples_1h WHERE series_id = ? AND ts >= ? AND ts <= ?').raw(true);
      let total = 0;
      for (const series of engine.series.index.select(null))
        for (const row of statement.iterate(series.id, now - DAYS * 24 * HOUR, now) as Iterable<[number, number]>) total += row[0] / Math.max(1, row[1]);
      bare.push(performance.now() - bareStarted);
      if (total === 0) throw new Error('no rows read');
    }
  } finally {
    await engine.stop();
  }
  const server = await serve(dataDir, workspace);
  const cli: number[] = [];
  let html = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      const run = await cliReport(server.url, dataDir);
      if (run.status !== 0) throw new Error(`zervigo report exited ${run.status}`);
      cli.push(run.ms);
      html = run.stdout.length;
    }
  } finally {
    await stop(server.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printFigures(
    `zervigo report over ${DAYS} days of ${SERVICES} services (${rows.toLocaleString('en-US')} hourly rollup rows, ${result?.report.incidents.length ?? 0} incidents, ${result?.report.restarts.length ?? 0} restarts), median of ${RUNS}`,
    [
      {
        name: 'zervigo report --since 30d --format html, wall (CLI → zervigo serve → rollups)',
        value: percentile(cli, 50),
        unit: 'ms',
        target: { op: '<=', value: 3_000 },
      },
      { name: 'reports.generate in the engine, wall', value: percentile(inProcess, 50), unit: 'ms', target: { op: '<=', value: 3_000 } },
      { name: '… CPU', value: percentile(inProcessCpu, 50), unit: 'ms' },
      { name: 'baseline: a bare SQL pass over the same rollup rows', value: percentile(bare, 50), unit: 'ms' },
      { name: 'the HTML file', value: html / 1024, unit: 'KiB' },
    ],
  );
}
