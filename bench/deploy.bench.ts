/**
 * `npm run bench deploy`: zero-downtime deploys of a real HTTP service with 2 replicas under 100
 * requests/s, beside the same deploys of a single instance (the same-run baseline).
 *
 * How "answering" is measured: replicas listen on separate ports (port, port + 1), so the load
 * goes through a tiny front that spreads requests round-robin over the replicas' ports and, as a
 * load balancer does (nginx's proxy_next_upstream, an L7 balancer's passive health check), tries
 * the next replica when one refuses the connection. A request fails only when no replica answers
 * it with 200. Timings: a good commit — from `deploys.start` to every replica answering the new
 * version; a broken commit — from its failed health gate (the stage's end time) to every replica
 * answering the old version again.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Engine } from '../src/core/engine';
import type { DeployView } from '../src/shared/types/deploys';
import { personPrincipal } from '../test/helpers/principals';
import { freePortRange } from '../test/helpers/free-port-range';
import { benchEngine, sleep, until } from './bench-engine';
import { printFigures, type Figure } from './report';

const RATE = 100;
const context = { actor: 'bench', transport: 'http', principal: personPrincipal('operator', 'bench') } as const;

const server = (version: string): string => `const http = require('node:http');
const server = http.createServer((req, res) => { res.setHeader('connection', 'close'); res.end(${JSON.stringify(version)}); });
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
const broken = "console.error('boom: missing config'); process.exit(1);\n";

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

function commit(dir: string, content: string, message: string): void {
  fs.writeFileSync(path.join(dir, 'server.js'), content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', message);
}

function get(port: number): Promise<{ status: number; body: string } | 'refused' | 'error'> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2_000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve('error'));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'error'));
  });
}

/** The front and its load: RATE requests/s spread round-robin; a refused connection is retried on the next replica. */
function load(ports: number[]) {
  let next = 0;
  const totals = { sent: 0, failed: 0, retried: 0 };
  const send = async (): Promise<void> => {
    totals.sent += 1;
    for (let tries = 0; tries < ports.length; tries += 1) {
      const port = ports[next++ % ports.length] as number;
      const answer = await get(port);
      if (typeof answer === 'object' && answer.status === 200) return;
      if (answer !== 'refused') break;
      totals.retried += 1;
    }
    totals.failed += 1;
  };
  const inflight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const request = send().finally(() => inflight.delete(request));
    inflight.add(request);
  }, 1_000 / RATE);
  return {
    totals,
    mark: () => ({ ...totals }),
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inflight);
    },
  };
}

async function everywhere(ports: number[], version: string): Promise<boolean> {
  const answers = await Promise.all(ports.map((port) => get(port)));
  return answers.every((answer) => typeof answer === 'object' && answer.body === version);
}

async function deploy(engine: Engine): Promise<DeployView> {
  return (await engine.dispatch('deploys.start', { service: 'web', wait: true }, context)) as DeployView;
}

/** One scenario: a good commit then a broken one, with `replicas` replicas, under load. */
async function scenario(replicas: number): Promise<Figure[]> {
  const ports = Array.from({ length: replicas }, (_, i) => i);
  const base = await freePortRange(replicas);
  const portsOf = ports.map((i) => base + i);
  const { engine, dir, close } = benchEngine(`version: 1
machine: false
services:
  web:
    start: [node, server.js]
    port: ${base}
    ${replicas > 1 ? `replicas: ${replicas}\n    env: { PORT: "\${PORT}" }` : `env: { PORT: "${base}" }`}
    autostart: false
    ready_timeout: 5s
    restart: { budget: "20 within 10m" }
    probes: [{ http: "http://127.0.0.1:${replicas > 1 ? '${PORT}' : base}/", every: 1s, timeout: 1s }]
    deploy: { repo: ./repo, branch: main, watch: 1s }
`);
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'bench@example.com');
  git(repo, 'config', 'user.name', 'Bench');
  try {
    commit(repo, server('v1'), 'v1');
    const first = await deploy(engine);
    if (first.outcome !== 'succeeded') throw new Error(`first deploy: ${first.outcome} ${first.message ?? ''}`);
    await until(() => everywhere(portsOf, 'v1'), 20_000, 20);
    const front = load(portsOf);
    await sleep(1_000);

    commit(repo, server('v2'), 'v2');
    const beforeGood = front.mark();
    const startedAt = Date.now();
    const good = await deploy(engine);
    if (good.outcome !== 'succeeded') throw new Error(`good deploy: ${good.outcome} ${good.message ?? ''}`);
    await until(() => everywhere(portsOf, 'v2'), 20_000, 5);
    const goodMs = Date.now() - startedAt;
    const afterGood = front.mark();

    commit(repo, broken, 'broken');
    const bad = await deploy(engine);
    await until(() => everywhere(portsOf, 'v2'), 20_000, 5);
    const backAt = Date.now();
    await sleep(500);
    await front.stop();
    const end = front.mark();
    const gate = bad.stages.find((stage) => stage.status === 'failed');
    const label = replicas > 1 ? `${replicas} replicas` : 'baseline: 1 instance';
    return [
      { name: `good commit → v2 answering everywhere (${label})`, value: goodMs, unit: 'ms' },
      {
        name: `failed requests during it (${label})`,
        value: afterGood.failed - beforeGood.failed,
        unit: `of ${afterGood.sent - beforeGood.sent}`,
        ...(replicas > 1 ? { target: { op: '<=' as const, value: 0 } } : {}),
      },
      { name: `broken commit: outcome (${label})`, value: bad.outcome === 'rolled_back' ? 1 : 0, unit: `(1 = rolled back; ${bad.outcome})` },
      {
        name: `failed health gate → v2 answering again (${label})`,
        value: backAt - (gate?.finishedAt ?? backAt),
        unit: `ms (gate failed at ${gate?.name ?? '?'})`,
        ...(replicas > 1 ? { target: { op: '<=' as const, value: 2_000 } } : {}),
      },
      {
        name: `failed requests during it (${label})`,
        value: end.failed - afterGood.failed,
        unit: `of ${end.sent - afterGood.sent}`,
        ...(replicas > 1 ? { target: { op: '<=' as const, value: 0 } } : {}),
      },
      { name: `requests retried on the other replica (${label})`, value: end.retried, unit: `of ${end.sent}` },
    ];
  } finally {
    await close();
  }
}

export async function run(): Promise<void> {
  const replicated = await scenario(2);
  const baseline = await scenario(1);
  printFigures(`Zero-downtime deploy: a real HTTP service under ${RATE} requests/s through a round-robin front`, [...replicated, ...baseline]);
}
