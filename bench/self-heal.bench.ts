import { spawn, spawnSync } from 'node:child_process';
import { portAnswers } from '../src/core/process/listening-pid';
import type { ServiceView } from '../src/shared/types/service';
import { benchEngine, sleep, until } from './bench-engine';
import { percentile, printFigures } from './report';

/**
 * Self-heal, with the workspace's defaults (only `restart: { policy: on-failure }` and a probe
 * with its default timings) and with a tuned configuration beside them:
 * - a service killed with SIGKILL now and then: the time until its port answers again, minus
 *   the service's own start time (spawned directly, measured in the same run, right before each
 *   kill), as a child process and in a tmux window;
 * - killed 10 times at random moments 2–5 s apart: how many times it was healed;
 * - a hung service (SIGSTOP), which only its probe can notice;
 * - a crash loop (exits 0.3 s after every start): the time until it is given up.
 */
const RUNS = 20;
const HUNG_RUNS = 3;
const LOOP_RUNS = 3;

const server = (port: number): string[] => [process.execPath, '-e', `require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1')`];
const httpServer = (port: number): string[] => [process.execPath, '-e', `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`];

interface Settings {
  label: string;
  /** The service's `restart:` and its probe's timings, as YAML flow mappings' insides. */
  restart: string;
  probe: string;
  stopGrace: string;
}

const defaults: Settings = { label: 'defaults', restart: 'policy: on-failure', probe: '', stopGrace: '10s' };
const tuned: Settings = {
  label: 'tuned',
  restart: 'policy: on-failure, backoff: 100ms..5s, budget: 3 within 1m',
  probe: ', every: 1s, timeout: 500ms, retry_every: 100ms',
  stopGrace: '200ms',
};

/** The service's own start: spawn to port answering, without Zervigo. */
async function ownStartMs(port: number): Promise<number> {
  const [command, ...args] = server(port);
  const started = performance.now();
  const child = spawn(command as string, args, { stdio: 'ignore' });
  await until(() => portAnswers(port, '127.0.0.1', 200));
  const took = performance.now() - started;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  await until(async () => !(await portAnswers(port, '127.0.0.1', 200)));
  return took;
}

function workspace(settings: Settings, runner: 'process' | 'tmux', start: string[], probe: string, socket: string): string {
  return `version: 1
tmux: { socket: ${socket} }
services:
  svc:
    start: ${JSON.stringify(start)}
    tmux: ${runner === 'tmux'}
    stop_grace: ${settings.stopGrace}
    probes: [{ ${probe}${settings.probe} }]
    restart: { ${settings.restart} }
`;
}

async function withEngine<T>(yaml: string, socket: string, body: (service: () => ServiceView | undefined) => Promise<T>): Promise<T> {
  const bench = benchEngine(yaml);
  try {
    return await body(() => bench.engine.services.list()[0]);
  } finally {
    await bench.close();
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  }
}

/** Killed now and then: each kill comes after a clean run (ready, and past min_uptime). */
async function killedNowAndThen(settings: Settings, runner: 'process' | 'tmux', port: number, ownPort: number): Promise<{ heal: number[]; own: number[] }> {
  const socket = `bench-${process.pid}-${settings.label}`;
  return withEngine(workspace(settings, runner, server(port), `tcp: "127.0.0.1:${port}"`, socket), socket, async (service) => {
    const heal: number[] = [];
    const own: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await until(() => service()?.status === 'up' && service()?.runtime?.failures === 0, 30_000, 20);
      // Clean runs only: past min_uptime (its failures in a row are reset then, but they are 0 before the first failure too).
      await until(() => Date.now() - (service()?.runtime?.startedAt ?? Date.now()) > 1_600, 30_000, 20);
      own.push(await ownStartMs(ownPort));
      const pid = service()?.runtime?.pid as number;
      const killed = performance.now();
      process.kill(pid, 'SIGKILL');
      await until(async () => service()?.runtime?.pid !== pid && (await portAnswers(port, '127.0.0.1', 200)));
      heal.push(performance.now() - killed);
    }
    process.stdout.write(`  (${settings.label}, ${runner}: ${RUNS} kills measured)\n`);
    return { heal, own };
  });
}

/** Killed 10 times at random moments 2–5 s apart, whatever state it is in: how many were healed. */
async function killedTenTimes(settings: Settings, port: number): Promise<{ healed: number; givenUp: boolean }> {
  const socket = `bench-${process.pid}-ten`;
  return withEngine(workspace(settings, 'process', server(port), `tcp: "127.0.0.1:${port}"`, socket), socket, async (service) => {
    await until(() => service()?.status === 'up', 30_000, 20);
    let healed = 0;
    for (let kill = 0; kill < 10; kill++) {
      await sleep(2_000 + Math.random() * 3_000);
      const pid = service()?.runtime?.pid;
      if (pid === null || pid === undefined) continue;
      process.kill(pid, 'SIGKILL');
      const back = await until(
        async () => service()?.runtime?.pid !== pid && service()?.runtime?.pid !== null && (await portAnswers(port, '127.0.0.1', 200)),
        10_000,
      ).then(
        () => true,
        () => false,
      );
      if (back) healed += 1;
    }
    return { healed, givenUp: service()?.status === 'given_up' };
  });
}

/** Alive but not answering (SIGSTOP): only an HTTP probe can tell (the kernel still accepts TCP). */
async function hung(settings: Settings, port: number): Promise<number[]> {
  const socket = `bench-${process.pid}-hung`;
  return withEngine(workspace(settings, 'process', httpServer(port), `http: "http://127.0.0.1:${port}/"`, socket), socket, async (service) => {
    const times: number[] = [];
    for (let run = 0; run < HUNG_RUNS; run++) {
      await until(() => service()?.status === 'up', 60_000, 20);
      const pid = service()?.runtime?.pid as number;
      const stopped = performance.now();
      process.kill(pid, 'SIGSTOP');
      await until(async () => service()?.runtime?.pid !== pid && (await portAnswers(port, '127.0.0.1', 200)), 120_000, 5);
      times.push(performance.now() - stopped);
    }
    return times;
  });
}

/** Exits 0.3 s after every start: from the first start to "given up". */
async function crashLoop(settings: Settings): Promise<{ ms: number; reason: string | null }> {
  const socket = `bench-${process.pid}-loop`;
  const start = [process.execPath, '-e', 'setTimeout(() => process.exit(3), 300)'];
  const started = performance.now();
  return withEngine(workspace(settings, 'process', start, 'process: self', socket), socket, async (service) => {
    await until(() => service()?.status === 'given_up', 120_000, 5);
    return { ms: performance.now() - started, reason: service()?.reason ?? null };
  });
}

export async function run(): Promise<void> {
  const base = 20_000 + (process.pid % 10_000); // below the ephemeral range (32768+)
  const net = (result: { heal: number[]; own: number[] }) => result.heal.map((heal, i) => (heal - (result.own[i] as number)) / 1000);
  const figures = [];
  let port = base;
  const own: number[] = [];
  for (const settings of [defaults, tuned]) {
    for (const runner of ['process', 'tmux'] as const) {
      const result = await killedNowAndThen(settings, runner, port++, port++);
      own.push(...result.own);
      const what = `${settings.label}, ${runner === 'process' ? 'child process' : 'tmux window'}`;
      figures.push({ name: `${what}: p50`, value: percentile(net(result), 50), unit: 's', target: { op: '<=' as const, value: 0.3 } });
      figures.push({ name: `${what}: p99`, value: percentile(net(result), 99), unit: 's', target: { op: '<=' as const, value: 1 } });
      figures.push({
        name: `${what}: raw kill → answering, p50 / p99`,
        value: percentile(result.heal, 50) / 1000,
        unit: `s / ${(percentile(result.heal, 99) / 1000).toFixed(3)} s`,
      });
    }
  }
  figures.push({ name: "the service's own start, spawn → answering (median, all runs)", value: percentile(own, 50) / 1000, unit: 's' });
  const ten = await killedTenTimes(defaults, port++);
  process.stdout.write(`  (10 random kills: ${ten.healed} healed${ten.givenUp ? ', given up' : ''})\n`);
  figures.push({
    name: 'defaults: killed 10 times, 2–5 s apart at random: healed',
    value: ten.healed,
    unit: 'of 10',
    target: { op: '>=' as const, value: 10 },
  });
  for (const settings of [defaults, tuned]) {
    const loops: number[] = [];
    for (let run = 0; run < LOOP_RUNS; run++) {
      const loop = await crashLoop(settings);
      loops.push(loop.ms);
      if (run === 0) process.stdout.write(`  (${settings.label} crash loop: "${loop.reason}")\n`);
    }
    figures.push({
      name: `${settings.label}: crash loop (exits 0.3 s after each start) → given up (median of ${LOOP_RUNS})`,
      value: percentile(loops, 50) / 1000,
      unit: 's',
    });
  }
  for (const settings of [defaults, tuned]) {
    const times = await hung(settings, port++);
    figures.push({
      name: `${settings.label}: hung (SIGSTOP) → answering, via the probe (median of ${HUNG_RUNS})`,
      value: percentile(times, 50) / 1000,
      unit: 's',
    });
  }
  printFigures(
    `Self-heal: SIGKILL → port answering again, minus the service's own start (${RUNS} runs each). Defaults: only restart: { policy: on-failure }, probe every 10 s. Tuned: ${tuned.restart}${tuned.probe}, stop_grace ${tuned.stopGrace}`,
    figures,
  );
}
