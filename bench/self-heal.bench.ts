import { spawn } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { portAnswers } from '../src/core/services/listening-pid';
import { benchEngine, sleep, until } from './bench-engine';
import { percentile, printFigures } from './report';

/**
 * Self-heal: a service probed every 1 s is killed with SIGKILL; the time until its port answers
 * again, minus the service's own start time (spawned directly, measured in the same run, right
 * before each kill). As a child process and in a tmux window; and a hung service (SIGSTOP),
 * which only its probe can notice.
 */
const RUNS = 20;
const HUNG_RUNS = 5;

const server = (port: number): string[] => [process.execPath, '-e', `require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1')`];

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

async function measure(label: string, runner: 'process' | 'tmux', port: number, ownPort: number): Promise<{ heal: number[]; own: number[] }> {
  const socket = `bench-${process.pid}`;
  const bench = benchEngine(`version: 1
tmux: { socket: ${socket} }
services:
  svc:
    start: ${JSON.stringify(server(port))}
    tmux: ${runner === 'tmux'}
    probes: [{ tcp: "127.0.0.1:${port}", every: 1s, timeout: 500ms }]
    restart: { backoff: 100ms..10s, min_uptime: 1s, budget: 100 within 10m }
`);
  const heal: number[] = [];
  const own: number[] = [];
  try {
    const service = () => bench.engine.services.list()[0];
    for (let run = 0; run < RUNS; run++) {
      // Healthy long enough that the failures in a row are forgiven: each kill is a first failure.
      await until(() => service()?.status === 'up' && service()?.runtime?.failures === 0, 30_000, 20);
      own.push(await ownStartMs(ownPort));
      const pid = service()?.runtime?.pid as number;
      const killed = performance.now();
      process.kill(pid, 'SIGKILL');
      await until(async () => service()?.runtime?.pid !== pid && (await portAnswers(port, '127.0.0.1', 200)));
      heal.push(performance.now() - killed);
      await sleep(1_100);
    }
  } finally {
    await bench.close();
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  }
  process.stdout.write(`  (${label}: ${RUNS} kills measured)\n`);
  return { heal, own };
}

async function measureHung(port: number): Promise<number[]> {
  // An HTTP probe: a stopped process's kernel still accepts TCP connections, but nobody answers.
  const bench = benchEngine(`version: 1
services:
  svc:
    start: [${JSON.stringify(process.execPath)}, -e, "require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')"]
    stop_grace: 200ms
    probes: [{ http: "http://127.0.0.1:${port}/", every: 1s, timeout: 500ms }]
    restart: { backoff: 100ms..10s, min_uptime: 1s, budget: 100 within 10m }
`);
  const times: number[] = [];
  try {
    const service = () => bench.engine.services.list()[0];
    for (let run = 0; run < HUNG_RUNS; run++) {
      await until(() => service()?.status === 'up' && service()?.runtime?.failures === 0, 30_000, 20);
      const pid = service()?.runtime?.pid as number;
      const stopped = performance.now();
      // Alive but not answering: only the probe can tell.
      process.kill(pid, 'SIGSTOP');
      await until(async () => service()?.runtime?.pid !== pid && (await portAnswers(port, '127.0.0.1', 200)), 30_000, 5);
      times.push(performance.now() - stopped);
      await sleep(1_100);
    }
  } finally {
    await bench.close();
  }
  return times;
}

export async function run(): Promise<void> {
  const base = 20_000 + (process.pid % 10_000); // below the ephemeral range (32768+)
  const child = await measure('child process', 'process', base, base + 1);
  const tmux = await measure('tmux window', 'tmux', base + 2, base + 3);
  const hung = await measureHung(base + 4);
  const net = (result: { heal: number[]; own: number[] }) => result.heal.map((heal, i) => (heal - (result.own[i] as number)) / 1000);
  printFigures(`Self-heal: SIGKILL to port answering again, minus the service's own start (${RUNS} runs each; probe every 1 s; back-off 100 ms)`, [
    { name: 'child process: p50', value: percentile(net(child), 50), unit: 's', target: { op: '<=', value: 0.3 } },
    { name: 'child process: p99', value: percentile(net(child), 99), unit: 's', target: { op: '<=', value: 1 } },
    { name: 'tmux window: p50', value: percentile(net(tmux), 50), unit: 's', target: { op: '<=', value: 0.3 } },
    { name: 'tmux window: p99', value: percentile(net(tmux), 99), unit: 's', target: { op: '<=', value: 1 } },
    { name: 'the service\'s own start (median, child runs)', value: percentile(child.own, 50) / 1000, unit: 's' },
    { name: 'raw kill → answering (median, child runs)', value: percentile(child.heal, 50) / 1000, unit: 's' },
    { name: `hung (SIGSTOP) → answering, via the probe (median of ${HUNG_RUNS})`, value: percentile(hung, 50) / 1000, unit: 's' },
  ]);
}
