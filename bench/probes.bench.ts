import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { HttpAgents } from '../src/core/monitoring/http-agents';
import { cpuMs } from './process-cpu';
import { printFigures, percentile } from './report';
import { signalChild } from '../src/core/process/signal-child';

/**
 * 1,000 HTTP probes at 1 s against a local HTTP server (its own process, so its CPU is not
 * counted) for BENCH_PROBE_SECONDS (60): the whole engine's CPU per check, RSS, how late
 * checks start, and bytes on disk per check once rolled up. Then, in the same run, the same
 * requests from a bare loop with the same HTTP client (undici, same agent options): the
 * ratio engine / bare is what scheduling, timeouts, results and storage cost on top.
 */
const PROBES = 1_000;
const SERVICES = 50;
const SECONDS = Number(process.env.BENCH_PROBE_SECONDS ?? 60);
const WARMUP_SECONDS = 5;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits out the warm-up, then measures the process's CPU over the window while `measuring` is on. */
async function measureWindow(setMeasuring: (on: boolean) => void): Promise<number> {
  await sleep(WARMUP_SECONDS * 1000);
  setMeasuring(true);
  const before = cpuMs();
  await sleep(SECONDS * 1000);
  const cpu = cpuMs() - before;
  setMeasuring(false);
  return cpu;
}

/** A plain node:http server answering 200 "ok" with keep-alive, in a child process. */
async function startTargetProcess(): Promise<{ child: ChildProcess; url: string }> {
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', () => reject(new Error('the target server exited')));
  });
  return { child, url: `http://127.0.0.1:${port}/health` };
}

function workspace(url: string): string {
  const perService = PROBES / SERVICES;
  let yaml = 'version: 1\nmachine: false\nmonitoring: { concurrency: 256 }\nservices:\n';
  for (let s = 0; s < SERVICES; s++) {
    yaml += `  svc${s}:\n    probes:\n`;
    for (let p = 0; p < perService; p++) yaml += `      - { name: p${p}, http: "${url}?s=${s}&p=${p}", every: 1s, timeout: 900ms }\n`;
  }
  return yaml;
}

async function runEngine(
  url: string,
  dir: string,
): Promise<{ checks: number; cpuMsPerCheck: number; rssMb: number; lateness: number[]; bytesPerCheck: number; dataBytesPerCheck: number; failures: number }> {
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, workspace(url));
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath: file, shell: 'server', logger: silentLogger });
  let checks = 0;
  let failures = 0;
  let measuring = false;
  const lateness: number[] = [];
  engine.monitoring.scheduler.onResult((_probe, result) => {
    if (!measuring) return;
    checks++;
    if (!result.ok) failures++;
  });
  engine.monitoring.scheduler.onLateness((ms) => {
    if (measuring) lateness.push(ms);
  });
  const cpu = await measureWindow((on) => (measuring = on));
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const totalChecks = engine.series.index
    .select('probe_success')
    .reduce((sum, series) => sum + engine.series.reader.readRaw(series.id, 0, Number.MAX_SAFE_INTEGER).ts.length, 0);
  await engine.monitoring.stop();
  engine.tick();
  // Everything written is compacted, its hour rolled up (minute blocks, 1h rows) and its chunks
  // merged, as the engine's upkeep leaves it once the hour has closed.
  const hour = 3_600_000;
  engine.series.compactor.compact(Number.MAX_SAFE_INTEGER);
  engine.series.compactor.closeHours(Date.now() + 2 * hour);
  engine.series.compactor.mergeClosedHours(Date.now() + hour);
  engine.db.pragma('wal_checkpoint(TRUNCATE)');
  engine.db.exec('VACUUM');
  const dataBytes = (
    engine.db.prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name IN ('sample_chunks', 'minute_blocks', 'samples_1h')").get() as { n: number }
  ).n;
  const databaseFile = engine.info.databaseFile;
  await engine.stop();
  const fileBytes = fs.statSync(databaseFile).size;
  return { checks, cpuMsPerCheck: cpu / checks, rssMb, lateness, bytesPerCheck: fileBytes / totalChecks, dataBytesPerCheck: dataBytes / totalChecks, failures };
}

/** The same requests from 1,000 start-to-start timer chains, same client and agent options, nothing else. */
async function runBare(url: string): Promise<{ requests: number; cpuMsPerRequest: number; lateness: number[] }> {
  const agents = new HttpAgents();
  const { dispatcher } = await agents.get({ insecure: false, connectTimeoutMs: 900, followRedirects: 5 });
  let requests = 0;
  let measuring = false;
  let stopped = false;
  // How late plain Node timers fire on this machine right now: the floor under the engine's figure.
  const lateness: number[] = [];
  const one = async (target: string): Promise<void> => {
    const response = await request(target, { method: 'GET', headers: { 'user-agent': 'zervigo-probe' }, dispatcher, headersTimeout: 900, bodyTimeout: 900 });
    await response.body.dump({ limit: 1024 * 1024 });
    if (measuring) requests++;
  };
  const start = Date.now();
  for (let i = 0; i < PROBES; i++) {
    const target = `${url}?s=${i % SERVICES}&p=${i}`;
    let due = start + Math.floor((i * 1000) / PROBES);
    const tick = (): void => {
      if (stopped) return;
      if (measuring) lateness.push(Date.now() - due);
      void one(target).catch(() => undefined);
      due += 1000;
      setTimeout(tick, Math.max(0, due - Date.now()));
    };
    setTimeout(tick, Math.max(0, due - Date.now()));
  }
  const cpu = await measureWindow((on) => (measuring = on));
  stopped = true;
  await sleep(1_500);
  await agents.close();
  return { requests, cpuMsPerRequest: cpu / requests, lateness };
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-probes-'));
  const target = await startTargetProcess();
  try {
    const load = os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
    const engine = await runEngine(target.url, dir);
    const bare = await runBare(target.url);
    printFigures(`Probes: ${PROBES} HTTP probes at 1 s against a local server, ${SECONDS} s (load average before: ${load})`, [
      { name: 'checks', value: engine.checks, unit: `(${(engine.checks / SECONDS).toFixed(0)}/s, ${engine.failures} failed)` },
      { name: 'engine CPU per check', value: engine.cpuMsPerCheck, unit: 'ms' },
      { name: 'bare undici loop CPU per request, same run', value: bare.cpuMsPerRequest, unit: `ms (${bare.requests} requests)` },
      { name: 'overhead ratio engine / bare', value: engine.cpuMsPerCheck / bare.cpuMsPerRequest, unit: '', target: { op: '<=', value: 1.5 } },
      { name: 'RSS', value: engine.rssMb, unit: 'MB', target: { op: '<=', value: 250 } },
      { name: 'scheduling lateness p50', value: percentile(engine.lateness, 50), unit: 'ms' },
      { name: 'scheduling lateness p99', value: percentile(engine.lateness, 99), unit: 'ms', target: { op: '<=', value: 20 } },
      { name: '  bare loop: Node timers firing late, p50 / p99', value: percentile(bare.lateness, 50), unit: `/ ${percentile(bare.lateness, 99)} ms` },
      {
        name: 'on disk per check after rollups (pages of chunks, minute blocks, 1h rows)',
        value: engine.dataBytesPerCheck,
        unit: 'B',
        target: { op: '<=', value: 40 },
      },
      { name: '  whole database file per check (also 3,000 series rows, workspace history)', value: engine.bytesPerCheck, unit: 'B' },
    ]);
  } finally {
    signalChild(target.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
