import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { signalChild } from '../src/core/process/signal-child';
import { percentile, printFigures } from './report';
import { assertBuilt, serve, sleep, stop, tokenOf } from './serve-process';

/**
 * One console (`zervigo serve`) watching 20 agents (each a `zervigo serve` on a loopback port)
 * that run 100 HTTP probes every second against one cheap HTTP server (a child process answering
 * 204). Measured: the console's CPU (utime + stime from /proc) and RSS, idle with no agents
 * (baseline, same run) and with the 20; and how long an agent's state change takes to reach the
 * console's view. A flip service on each agent has a probe whose target answers 200 or 503 as the
 * bench says; its state change is seen twice: on the agent's own event stream (the reference) and
 * as the console's `fleet.changed` followed by the `fleet.services` answer that shows it (what
 * the Fleet page does).
 */
const AGENTS = Number(process.env.ZERVIGO_BENCH_AGENTS ?? 20);
const PROBES_PER_AGENT = 100;
const SERVICES_PER_AGENT = 20;
const TICKS_PER_SECOND = 100;
const IDLE_MS = 15_000;
const WARM_UP_MS = 15_000;
const MEASURE_MS = Number(process.env.ZERVIGO_BENCH_MEASURE_MS ?? 60_000);
/** One flip every this often, agents in turn (a flip's change must be seen before the agent flips again). */
const FLIP_EVERY_MS = 1_000;
/** How long one engine may take to start while the others start too, at load 20-30. */
const START_WAIT_MS = 180_000;

/** The probe target: 204 for every path but /flip/N, which answers what the last POST /flip/N?code= set. */
const TARGET_SERVER = `
const http = require('http');
const codes = new Map();
const server = http.createServer((request, response) => {
  const flip = /^\\/flip\\/(\\d+)(?:\\?code=(\\d+))?$/.exec(request.url);
  if (flip === null) return void response.writeHead(204).end();
  if (request.method === 'POST') codes.set(flip[1], Number(flip[2]));
  response.writeHead(request.method === 'POST' ? 204 : codes.get(flip[1]) ?? 200).end();
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function rssMbOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** CPU as % of one core and the RSS peak (sampled every second) over `ms`. */
async function watch(pid: number, ms: number): Promise<{ cpuPercent: number; rssPeakMb: number; rssEndMb: number }> {
  const before = cpuSecondsOf(pid);
  const started = performance.now();
  let rssPeakMb = rssMbOf(pid);
  while (performance.now() - started < ms) {
    await sleep(1_000);
    rssPeakMb = Math.max(rssPeakMb, rssMbOf(pid));
  }
  const rssEndMb = rssMbOf(pid);
  return { cpuPercent: ((cpuSecondsOf(pid) - before) / ((performance.now() - started) / 1000)) * 100, rssPeakMb, rssEndMb };
}

async function startTarget(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', TARGET_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the probe target exited (${code})`)));
  });
  return { child, port };
}

/** 20 services, 100 probes: s0…s18 with 5 each against 204s, and `flip` whose last probe answers what the bench sets. */
function agentWorkspace(index: number, port: number): string {
  const perService = PROBES_PER_AGENT / SERVICES_PER_AGENT;
  const probe = (pathName: string) => `      - { http: "http://127.0.0.1:${port}${pathName}", every: 1s, timeout: 900ms }\n`;
  let yaml = `version: 1\nname: agent-${index}\nservices:\n`;
  for (let s = 0; s < SERVICES_PER_AGENT - 1; s++)
    yaml += `  s${s}:\n    probes:\n${Array.from({ length: perService }, (_, p) => probe(`/s${s}/p${p}`)).join('')}`;
  yaml += `  flip:\n    probes:\n${Array.from({ length: perService - 1 }, (_, p) => probe(`/flip-ok/p${p}`)).join('')}${probe(`/flip/${index}`)}`;
  return yaml;
}

interface Endpoint {
  url: string;
  token: string;
}

async function rpc(endpoint: Endpoint, command: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint.url}/api/v1/rpc/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${command}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A WebSocket of the contract's events, subscribed to `names`. */
async function events(endpoint: Endpoint, names: string[], onEvent: (name: string, payload: unknown) => void): Promise<WebSocket> {
  const socket = new WebSocket(`${endpoint.url.replace(/^http/, 'ws')}/api/v1/events`, { headers: { authorization: `Bearer ${endpoint.token}` } });
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type: string; name?: string; payload?: unknown };
    if (message.type === 'event' && message.name !== undefined) onEvent(message.name, message.payload);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'subscribe', names }));
  return socket;
}

/** Runs `start` for 0…count-1, at most `width` at a time (20 engines starting at once starve each other). */
async function inBatches<T>(count: number, width: number, start: (index: number) => Promise<T>): Promise<T[]> {
  const started: T[] = [];
  for (let from = 0; from < count; from += width) {
    // Settled, not all: a failure waits for the others of its batch, so each is stopped in the end.
    const batch = await Promise.allSettled(Array.from({ length: Math.min(width, count - from) }, (_, i) => start(from + i)));
    for (const outcome of batch) {
      if (outcome.status === 'rejected') throw outcome.reason;
      started.push(outcome.value);
    }
  }
  return started;
}

export async function consoleOverAgents(): Promise<void> {
  assertBuilt();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-fleet-console-'));
  const target = await startTarget();
  const children: ChildProcess[] = [target.child];
  const sockets: WebSocket[] = [];
  try {
    // The console first, alone: its idle cost is the baseline.
    const consoleDir = path.join(root, 'console');
    fs.mkdirSync(consoleDir);
    fs.writeFileSync(path.join(consoleDir, 'zervigo.yaml'), 'version: 1\nname: console\n');
    const consoleServe = await serve(path.join(consoleDir, 'data'), path.join(consoleDir, 'zervigo.yaml'), START_WAIT_MS);
    children.push(consoleServe.child);
    const consolePid = consoleServe.child.pid as number;
    const console_: Endpoint = { url: consoleServe.url, token: tokenOf(path.join(consoleDir, 'data')) };

    // Each agent starts with no probes (20 engines starting while 2,000 probes a second run would
    // take minutes each at load 30), then is given its 100 probes by editing its file (it reloads).
    const agents = await inBatches(AGENTS, 4, async (index) => {
      const dir = path.join(root, `agent-${index}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'zervigo.yaml'), `version: 1\nname: agent-${index}\n`);
      const started = await serve(path.join(dir, 'data'), path.join(dir, 'zervigo.yaml'), START_WAIT_MS);
      children.push(started.child);
      return { name: `agent-${index}`, index, dir, endpoint: { url: started.url, token: tokenOf(path.join(dir, 'data')) }, pid: started.child.pid as number };
    });
    for (const agent of agents) fs.writeFileSync(path.join(agent.dir, 'zervigo.yaml'), agentWorkspace(agent.index, target.port));
    for (const agent of agents) {
      for (const until = performance.now() + START_WAIT_MS; ; await sleep(500)) {
        const services = (await rpc(agent.endpoint, 'services.list', {})) as unknown[];
        if (services.length === SERVICES_PER_AGENT) break;
        if (performance.now() > until) throw new Error(`${agent.name} did not load its ${SERVICES_PER_AGENT} services`);
      }
    }
    const idle = await watch(consolePid, IDLE_MS);

    // Every change of an agent's service states, the moment the agent says it (the reference),
    // then the moment the console's view shows those same states (superseded changes are counted).
    let measuring = false;
    const changes = new Map<string, { key: string; at: number }[]>();
    const samples: { toView: number; toEvent: number }[] = [];
    let superseded = 0;
    const keyOf = (services: { name: string; status: string }[]) =>
      services
        .map((service) => `${service.name}=${service.status}`)
        .sort()
        .join(',');
    for (const agent of agents)
      sockets.push(
        await events(agent.endpoint, ['services.changed'], (_name, payload) => {
          if (!measuring) return;
          const list = changes.get(agent.name) ?? [];
          const key = keyOf(payload as { name: string; status: string }[]);
          if (list.at(-1)?.key !== key) list.push({ key, at: performance.now() });
          changes.set(agent.name, list);
        }),
      );

    // The console's view as the Fleet page gets it: on fleet.changed, fleet.services (again when
    // another event came meanwhile). A change counts as seen once an answer shows its states; its
    // event is the last fleet.changed before that answer was asked for.
    let fetching = false;
    let again = false;
    let lastEventAt = 0;
    const look = async (): Promise<void> => {
      if (fetching) return void (again = true);
      fetching = true;
      try {
        do {
          again = false;
          const after = lastEventAt;
          const { services } = (await rpc(console_, 'fleet.services', {})) as { services: { name: string; status: string; host: string }[] };
          const viewAt = performance.now();
          for (const [agent, list] of changes) {
            const shown = keyOf(services.filter((service) => service.host === agent));
            const index = list.findLastIndex((change) => change.key === shown);
            if (index < 0) continue;
            const change = list[index] as { key: string; at: number };
            samples.push({ toView: viewAt - change.at, toEvent: Math.max(0, after - change.at) });
            superseded += index;
            list.splice(0, index + 1);
          }
        } while (again);
      } finally {
        fetching = false;
      }
    };
    sockets.push(
      await events(console_, ['fleet.changed'], (_name, payload) => {
        if ((payload as { what: string }).what !== 'services') return;
        lastEventAt = performance.now();
        look().catch((error: unknown) => process.stderr.write(`fleet.services failed: ${String(error)}\n`));
      }),
    );

    for (const agent of agents) await rpc(console_, 'agents.add', { name: agent.name, url: agent.endpoint.url, token: agent.endpoint.token });
    const allUp = performance.now();
    for (;;) {
      const views = (await rpc(console_, 'agents.list', {})) as { state: string; reason: string | null }[];
      if (views.length === AGENTS && views.every((view) => view.state === 'up')) break;
      if (performance.now() - allUp > 120_000)
        throw new Error(`agents not all up after 120 s: ${JSON.stringify(views.map((view) => `${view.state}: ${view.reason}`))}`);
      await sleep(500);
    }
    const connectedMs = performance.now() - allUp;
    await sleep(WARM_UP_MS);

    // Measured: CPU and RSS over MEASURE_MS while a flip target changes every second, agents in turn.
    measuring = true;
    const watching = watch(consolePid, MEASURE_MS);
    const measureEnd = performance.now() + MEASURE_MS;
    let flips = 0;
    const codes = new Map<number, number>();
    for (; performance.now() < measureEnd; flips++) {
      const agent = agents[flips % AGENTS] as (typeof agents)[number];
      const code = codes.get(agent.index) === 503 ? 200 : 503;
      codes.set(agent.index, code);
      await fetch(`http://127.0.0.1:${target.port}/flip/${agent.index}?code=${code}`, { method: 'POST' });
      await sleep(FLIP_EVERY_MS);
    }
    // Changes made in the window are given 15 s to show; those that never do are counted.
    await sleep(15_000);
    measuring = false;
    const unseen = [...changes.values()].reduce((sum, list) => sum + list.length, 0);
    const busy = await watching;
    const load = os.loadavg();
    const agentsCpu = agents.reduce((sum, agent) => sum + cpuSecondsOf(agent.pid), 0);

    const of = (key: keyof (typeof samples)[number], p: number) =>
      percentile(
        samples.map((sample) => sample[key]),
        p,
      );
    printFigures(
      `one console, ${AGENTS} agents (zervigo serve on 127.0.0.1), ${PROBES_PER_AGENT} HTTP probes each every 1 s; ${MEASURE_MS / 1000} s measured after ${WARM_UP_MS / 1000} s; load average ${load.map((value) => value.toFixed(1)).join(' ')} on ${os.cpus().length} cores`,
      [
        { name: 'console CPU with the agents', value: busy.cpuPercent, unit: '% of a core', target: { op: '<=', value: 10 } },
        { name: 'baseline: the same console idle, no agents (same run)', value: idle.cpuPercent, unit: '% of a core' },
        { name: 'console RSS with the agents (peak)', value: busy.rssPeakMb, unit: 'MiB' },
        { name: 'baseline: console RSS idle, no agents', value: idle.rssPeakMb, unit: 'MiB' },
        { name: "agent's services changed → console view (fleet.services shows it), p50", value: of('toView', 50), unit: 'ms' },
        { name: "agent's services changed → console view, p99", value: of('toView', 99), unit: 'ms', target: { op: '<=', value: 250 } },
        { name: "agent's services changed → console fleet.changed event, p50", value: of('toEvent', 50), unit: 'ms' },
        { name: "agent's services changed → console fleet.changed event, p99", value: of('toEvent', 99), unit: 'ms' },
        { name: 'changes seen in the view / superseded before shown / never shown', value: samples.length, unit: `/ ${superseded} / ${unseen}` },
        { name: 'flips of a probe target (1 a second, agents in turn)', value: flips, unit: '' },
        { name: 'agents: all connected after add', value: connectedMs, unit: 'ms' },
        { name: `agents' CPU since their start (${AGENTS} processes)`, value: agentsCpu, unit: 's' },
      ],
    );
  } finally {
    for (const socket of sockets) socket.terminate();
    for (const child of children.reverse()) {
      if (child === target.child) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null) signalChild(child, 'SIGTERM');
        await exited;
      } else await stop(child);
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
}
