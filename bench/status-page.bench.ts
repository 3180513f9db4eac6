import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { percentile, printFigures } from './report';
import { assertBuilt, serve, sleep, stop } from './serve-process';

/**
 * The public status page of 50 services (each with a day of stored checks) under 200 requests a
 * second for 10 s, against `zervigo serve` in a child process: latency of each answer, and the
 * child's CPU (from /proc) over the run. The same load on /healthz (the cheapest route) in the
 * same run is the baseline.
 */
const SERVICES = 50;
const RATE = 200;
const SECONDS = 10;
/** Clock ticks per second of /proc times (USER_HZ, 100 on Linux). */
const TICK_HZ = 100;

export async function run(): Promise<void> {
  assertBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-status-page-'));
  try {
    const names = Array.from({ length: SERVICES }, (_, i) => `svc${i}`);
    const services = names.map((name) => `  ${name}:\n    probes: [{ tcp: "127.0.0.1:9", every: 1h }]\n`).join('');
    const file = path.join(dir, 'zervigo.yaml');
    fs.writeFileSync(file, `version: 1\nmachine: false\nservices:\n${services}status_page:\n  slug: shop\n  title: Shop\n  services: [${names.join(', ')}]\n`);
    const dataDir = path.join(dir, 'data');
    // A day of checks per service, one a minute (one in twenty failed).
    const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, probeSpreadMs: 3_600_000 });
    const now = Date.now();
    for (const state of engine.monitoring.list()) {
      const probe = engine.monitoring.probe(state.id);
      if (probe === undefined) continue;
      for (let i = 0; i < 1_440; i++) {
        const ts = now - (1_440 - i) * 60_000;
        engine.series.writer.append(probe.series.id('probe_success'), ts, i % 20 === 19 ? 0 : 1);
        engine.series.writer.append(probe.series.id('probe_duration_seconds'), ts, 0.012);
      }
    }
    engine.series.writer.flush();
    await engine.stop();

    const { child, url } = await serve(dataDir, file);
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      const page = await load(`${url}/status/shop`, agent, 1);
      if (page.statuses.some((status) => status !== 200)) throw new Error(`the page answered ${page.statuses.join(', ')}`);
      await load(`${url}/status/shop`, agent, 2); // warm-up
      const measured = await measure(child.pid as number, () => load(`${url}/status/shop`, agent, SECONDS));
      const baseline = await measure(child.pid as number, () => load(`${url}/healthz`, agent, SECONDS));
      agent.destroy();
      printFigures(
        `Status page: ${SERVICES} services, a day of checks each, ${RATE} requests/s for ${SECONDS} s (load average before: ${os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')})`,
        [
          {
            name: `GET /status/shop p50 (${measured.result.latencies.length} requests, ${page.bytes} B each, gzipped as browsers ask)`,
            value: percentile(measured.result.latencies, 50),
            unit: 'ms',
          },
          { name: '… p99', value: percentile(measured.result.latencies, 99), unit: 'ms', target: { op: '<=', value: 50 } },
          { name: "… the engine's CPU (share of a core)", value: measured.cpuShare * 100, unit: '%', target: { op: '<=', value: 10 } },
          { name: 'GET /healthz at the same rate, same run: p99', value: percentile(baseline.result.latencies, 99), unit: 'ms' },
          { name: "… the engine's CPU (share of a core)", value: baseline.cpuShare * 100, unit: '%' },
        ],
      );
    } finally {
      await stop(child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The child's CPU over a run, as a share of one core, from /proc/<pid>/stat (utime + stime). */
async function measure<T>(pid: number, body: () => Promise<T>): Promise<{ result: T; cpuShare: number }> {
  const before = cpuTicks(pid);
  const started = performance.now();
  const result = await body();
  const elapsed = performance.now() - started;
  return { result, cpuShare: ((cpuTicks(pid) - before) * (1000 / TICK_HZ)) / elapsed };
}

function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

/** Open-loop load: a request every 1/RATE s for `seconds`, whether or not earlier ones have answered. */
async function load(target: string, agent: http.Agent, seconds: number): Promise<{ latencies: number[]; statuses: number[]; bytes: number }> {
  const latencies: number[] = [];
  const statuses: number[] = [];
  let bytes = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < RATE * seconds; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      new Promise<void>((resolve, reject) => {
        const sent = performance.now();
        http
          .get(target, { agent, headers: { 'accept-encoding': 'gzip' } }, (response) => {
            let size = 0;
            response.on('data', (chunk: Buffer) => (size += chunk.length));
            response.on('end', () => {
              latencies.push(performance.now() - sent);
              statuses.push(response.statusCode ?? 0);
              bytes = size;
              resolve();
            });
          })
          .on('error', reject);
      }),
    );
  }
  await Promise.all(pending);
  return { latencies, statuses, bytes };
}
