import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { printFigures } from './report';
import { assertBuilt, root, serve, sleep, stop, tokenOf } from './serve-process';
import { signalChild } from '../src/core/process/signal-child';

/**
 * `zervigo monitor --live` against a server with 200 services, each probed every second (so a
 * probes.changed event and a redraw every second), for 30 s after a 5 s warm-up, in a real
 * terminal (a private tmux server). Its CPU (utime + stime from /proc) beside, in the same run,
 * a bare WebSocket client that subscribes to the same events and only parses them: the cost of
 * the events alone, without state or drawing.
 */
const SERVICES = 200;
const WARM_UP_MS = 5_000;
const MEASURE_MS = 30_000;
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function percentOfACore(pid: number): Promise<number> {
  await sleep(WARM_UP_MS);
  const before = cpuSecondsOf(pid);
  const started = performance.now();
  await sleep(MEASURE_MS);
  return ((cpuSecondsOf(pid) - before) / ((performance.now() - started) / 1000)) * 100;
}

const BARE_CLIENT = `
const WebSocket = require('ws');
const socket = new WebSocket(process.argv[1], { headers: { authorization: 'Bearer ' + process.argv[2] } });
let events = 0;
socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', names: ['services.changed', 'probes.changed', 'alerts.changed', 'machine.sample', 'health.changed', 'workspace.changed', 'logs.lines'] })));
socket.on('message', (data) => { JSON.parse(data.toString('utf8')); events++; });
process.on('SIGTERM', () => { process.stdout.write(String(events)); process.exit(0); });
`;

export async function run(): Promise<void> {
  assertBuilt();
  const listener = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', () => resolve()));
  const port = (listener.address() as net.AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-monitor-'));
  const workspace = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(
    workspace,
    `version: 1\nname: bench\nservices:\n${Array.from({ length: SERVICES }, (_, i) => `  s${i}:\n    probes: [{ tcp: "127.0.0.1:${i % 20 === 19 ? 1 : port}", every: 1s }]\n`).join('')}`,
  );
  const dataDir = path.join(dir, 'data');
  const server = await serve(dataDir, workspace);
  const socket = `bench-${crypto.randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]): string => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' }).stdout;
  /** One build's `monitor --live` in a fresh 160×50 pane: its CPU, then quit. */
  const measureMonitor = async (build: string): Promise<number> => {
    // ZERVIGO_BENCH_CPU_PROF=DIR: the monitor writes a V8 CPU profile there (open it in Chrome's DevTools).
    const profile = process.env.ZERVIGO_BENCH_CPU_PROF;
    const nodeFlags = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`];
    const line = [process.execPath, ...nodeFlags, path.join(build, 'bin', 'zervigo.js'), '--data-dir', dataDir, 'monitor', '--live', '--url', server.url]
      .map((word) => `'${word}'`)
      .join(' ');
    tmux('new-session', '-d', '-x', '160', '-y', '50', '-s', 'monitor', `exec ${line}`);
    const monitorPid = Number(tmux('display-message', '-p', '-t', 'monitor', '#{pane_pid}').trim());
    const monitor = await percentOfACore(monitorPid);
    const shown = tmux('capture-pane', '-p', '-t', 'monitor');
    if (!shown.includes('Zervigo live · bench') || !/^s\d+\s+up\s/m.test(shown)) throw new Error(`the monitor is not showing its table:\n${shown}`);
    if (profile !== undefined) {
      // Quit with its key, so it exits normally and writes the profile.
      tmux('send-keys', '-t', 'monitor', 'q');
      for (let i = 0; i < 100 && spawnSync('tmux', ['-L', socket, 'has-session', '-t', 'monitor']).status === 0; i++) await sleep(100);
    }
    tmux('kill-server');
    return monitor;
  };
  try {
    const monitor = await measureMonitor(root);
    // ZERVIGO_BENCH_BASELINE_BUILD=DIR (another build's bin/ and out/, e.g. before a change): its monitor too, same server, same run.
    const baselineBuild = process.env.ZERVIGO_BENCH_BASELINE_BUILD;
    const before = baselineBuild === undefined ? null : await measureMonitor(path.resolve(baselineBuild));

    const bare = spawn(process.execPath, ['-e', BARE_CLIENT, `${server.url.replace(/^http/, 'ws')}/api/v1/events`, tokenOf(dataDir)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let events = '';
    bare.stdout.on('data', (chunk: Buffer) => (events += chunk.toString()));
    const baseline = await percentOfACore(bare.pid as number);
    const exited = new Promise((resolve) => bare.once('exit', resolve));
    signalChild(bare, 'SIGTERM');
    await exited;

    printFigures(
      `zervigo monitor --live: ${SERVICES} services probed every 1 s, ${MEASURE_MS / 1000} s measured after ${WARM_UP_MS / 1000} s (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`,
      [
        { name: 'monitor --live in a 160×50 tmux pane: CPU', value: monitor, unit: '% of a core', target: { op: '<=', value: 2 } },
        ...(before === null ? [] : [{ name: `the build in ${baselineBuild}, same server, same run`, value: before, unit: '% of a core' }]),
        { name: 'baseline: a bare WebSocket client of the same events (parse only), same run', value: baseline, unit: '% of a core' },
        { name: '… events it received', value: Number(events), unit: '' },
      ],
    );
  } finally {
    tmux('kill-server');
    await stop(server.child);
    listener.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
