import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { percentile, printFigures } from './report';
import { assertBuilt, RestartableServer, serve, sleep, stop, tokenOf } from './serve-process';

const SERVICES = 100;
const RUNS = 30;
const PROBE_EVERY_MS = 1_000;

/** One probe target: answers 200 on /health; stopped and started again on the same port. */
class Target extends RestartableServer {
  constructor() {
    super((_request, response) => response.writeHead(200).end('ok'));
  }
}

function workspace(targets: readonly Target[], hookPort: number): string {
  const services = targets
    .map((target, i) => `  s${i}:\n    probes: [{ http: "http://127.0.0.1:${target.port}/health", every: 1s, timeout: 500ms, retries: 0 }]`)
    .join('\n');
  return `version: 1
evaluation_interval: 5s
services:
${services}
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    labels: { severity: critical }
  # Not routed: says how many probe series the engine writes (the benchmark needs all ${SERVICES}).
  - alert: ProbesReporting
    expr: count(probe_success) >= 0
routes:
  - match: { alertname: ServiceDown }
    notify: [hook]
    group_by: [alertname, service]
    group_wait: 0s
channels:
  hook: { webhook: { url: "http://127.0.0.1:${hookPort}/alerts" } }
`;
}

interface Arrival {
  at: number;
  service: string;
}

/** Stops one target per run and times until the receiver holds its firing notification. */
async function measure(targets: readonly Target[], received: readonly Arrival[]): Promise<{ latencies: number[]; missed: number }> {
  const latencies: number[] = [];
  let missed = 0;
  for (let run = 0; run < RUNS; run++) {
    const service = `s${run}`;
    const target = targets[run] as Target;
    await sleep(Math.random() * PROBE_EVERY_MS);
    const stoppedAt = performance.now();
    await target.stop();
    const deadline = stoppedAt + 10_000;
    let arrival: number | undefined;
    while (arrival === undefined && performance.now() < deadline) {
      arrival = received.find((entry) => entry.service === service && entry.at >= stoppedAt)?.at;
      if (arrival === undefined) await sleep(2);
    }
    if (arrival === undefined) missed += 1;
    else latencies.push(arrival - stoppedAt);
    await target.start();
  }
  return { latencies, missed };
}

function startHook(received: Arrival[]): Promise<http.Server> {
  const hook = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const at = performance.now();
      const payload = JSON.parse(body) as { status: string; alerts: { status: string; labels: Record<string, string> }[] };
      for (const alert of payload.alerts) if (alert.status === 'firing') received.push({ at, service: alert.labels.service ?? '' });
      response.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) => hook.listen(0, '127.0.0.1', () => resolve(hook)));
}

interface Setup {
  dir: string;
  file: string;
  targets: Target[];
  received: Arrival[];
  hook: http.Server;
}

/** 100 targets, a webhook receiver, and the workspace that probes the targets and notifies the receiver. */
async function setUp(): Promise<Setup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-latency-'));
  const targets = Array.from({ length: SERVICES }, () => new Target());
  for (const target of targets) await target.start();
  const received: Arrival[] = [];
  const hook = await startHook(received);
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, workspace(targets, (hook.address() as AddressInfo).port));
  return { dir, file, targets, received, hook };
}

async function tearDown(setup: Setup): Promise<void> {
  for (const target of setup.targets) await target.stop();
  setup.hook.closeAllConnections();
  await new Promise((resolve) => setup.hook.close(resolve));
  fs.rmSync(setup.dir, { recursive: true, force: true });
}

function report(title: string, latencies: number[], missed: number): void {
  printFigures(`${title} (${RUNS} runs, ${missed} missed)`, [
    { name: 'p50', value: percentile(latencies, 50), unit: 'ms' },
    { name: 'p99', value: percentile(latencies, 99), unit: 'ms', target: { op: '<=', value: PROBE_EVERY_MS + 250 } },
    { name: 'max', value: Math.max(...latencies), unit: 'ms' },
  ]);
}

/**
 * Detection latency through the whole engine: 100 services, each with an HTTP probe every
 * second; one target is stopped and the clock runs until the webhook receiver holds the firing
 * notification of a rule without `for` (probe → store → early rule evaluation → router →
 * outbox → webhook). 30 runs, each on another service, at a random phase of the probe interval.
 */
export async function run(): Promise<void> {
  assertBuilt();
  const setup = await setUp();
  const { targets, received } = setup;
  const dataDir = path.join(setup.dir, 'data');
  const token = tokenOf(dataDir);
  const engine = await serve(dataDir, setup.file);
  let probing = 0;
  try {
    // Wait for every probe to report before measuring.
    for (let i = 0; i < 30 && probing < SERVICES; i++) {
      await sleep(500);
      const rules = (await (await fetch(`${engine.url}/api/v1/rules`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        name: string;
        value: number | null;
      }[];
      probing = rules.find((rule) => rule.name === 'ProbesReporting')?.value ?? 0;
    }
    if (probing < SERVICES) throw new Error(`after 15 s the engine writes ${probing} probe_success series, not ${SERVICES}`);
    await sleep(2_000);
    const { latencies, missed } = await measure(targets, received);
    report(
      `Detection latency: ${SERVICES} services probed every ${PROBE_EVERY_MS / 1000} s by the engine, one target stopped, until the webhook holds the notification`,
      latencies,
      missed,
    );
  } finally {
    await stop(engine.child);
    await tearDown(setup);
  }
}
