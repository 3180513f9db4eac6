import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CheckReport } from '../src/shared/check/check-report';
import { percentile, printFigures } from './report';
import { assertBuilt, root } from './serve-process';

/**
 * `zervigo check` of a 50-service workspace: each service has an HTTP probe answered after
 * 20–300 ms (a spread of real services' latencies) and a TCP probe; 5 of them are down. The
 * wall time of the whole command (Node's start included) beside the same probes run one at a
 * time (monitoring.concurrency: 1), and beside `zervigo --version` (the start alone), same run.
 */
const SERVICES = 50;
const RUNS = 5;

function wall(args: string[]): Promise<{ ms: number; stdout: string; status: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'bin', 'zervigo.js'), ...args], {
      env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent', NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('exit', (status) => resolve({ ms: performance.now() - started, stdout, status }));
  });
}

async function median(args: string[]): Promise<{ ms: number; report: CheckReport | null }> {
  const times: number[] = [];
  let report: CheckReport | null = null;
  for (let i = 0; i < RUNS; i++) {
    const result = await wall(args);
    times.push(result.ms);
    if (args.includes('--json')) report = JSON.parse(result.stdout) as CheckReport;
  }
  return { ms: percentile(times, 50), report };
}

export async function run(): Promise<void> {
  assertBuilt();
  const delayOf = (i: number): number => 20 + ((i * 37) % 281);
  const server = http.createServer((request, response) => {
    const i = Number((request.url ?? '/0').slice(1));
    setTimeout(() => response.writeHead(200).end('ok'), delayOf(i));
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const tcp = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', () => resolve()));
  const httpPort = (server.address() as net.AddressInfo).port;
  const tcpPort = (tcp.address() as net.AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-check-'));
  const yaml = (concurrency: number): string =>
    `version: 1\nmonitoring: { concurrency: ${concurrency} }\nservices:\n${Array.from({ length: SERVICES }, (_, i) => {
      // Every tenth service is down: a port nothing listens on (refused at once).
      const tcpTarget = i % 10 === 9 ? '127.0.0.1:1' : `127.0.0.1:${tcpPort}`;
      return `  s${i}:\n    probes:\n      - { http: "http://127.0.0.1:${httpPort}/${i}", timeout: 2s }\n      - { tcp: "${tcpTarget}" }\n`;
    }).join('')}`;
  const parallelFile = path.join(dir, 'parallel.yaml');
  const sequentialFile = path.join(dir, 'sequential.yaml');
  fs.writeFileSync(parallelFile, yaml(64));
  fs.writeFileSync(sequentialFile, yaml(1));
  try {
    const start = await median(['--version']);
    const parallel = await median(['check', '-w', parallelFile, '--json']);
    const text = await median(['check', '-w', parallelFile]);
    const sequential = await median(['check', '-w', sequentialFile, '--json']);
    const slowest = Math.max(...Array.from({ length: SERVICES }, (_, i) => delayOf(i)));
    printFigures(`zervigo check: ${SERVICES} services, ${SERVICES * 2} probes (HTTP answered after 20–${slowest} ms, 5 down), median of ${RUNS} runs`, [
      { name: 'zervigo check --json, wall (probes in parallel, concurrency 64)', value: parallel.ms, unit: 'ms', target: { op: '<=', value: 2_000 } },
      { name: 'zervigo check (coloured text report), wall', value: text.ms, unit: 'ms', target: { op: '<=', value: 2_000 } },
      { name: '… its own measure of the check (from parse to summary)', value: parallel.report?.durationMs ?? Number.NaN, unit: 'ms' },
      { name: 'baseline: the same probes one at a time (concurrency 1), wall', value: sequential.ms, unit: 'ms' },
      { name: 'baseline: zervigo --version (Node + the CLI starting), wall', value: start.ms, unit: 'ms' },
      { name: 'speed-up over one at a time', value: sequential.ms / parallel.ms, unit: '×' },
    ]);
    if (parallel.report?.summary.down !== 5) throw new Error(`expected 5 services down, the report says ${parallel.report?.summary.down}`);
  } finally {
    server.close();
    tcp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
