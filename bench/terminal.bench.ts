import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Terminal } from '@xterm/headless';
import WebSocket from 'ws';
import { EventBus } from '../src/core/event-bus';
import { inProcessPtyBackend } from '../src/core/sessions/pty-host';
import { TerminalManager } from '../src/core/sessions/terminal-manager';
import type { TmuxClient } from '../src/core/sessions/tmux-client';
import type { TerminalInfo, TerminalOutput } from '../src/shared/types/sessions';
import { EVENTS_PATH, rpcPath } from '../src/shared/wire';
import { ACK_EVERY } from '../src/renderer/src/pages/terminals/live-terminal';
import { printFigures } from './report';
import { sleep, until } from './bench-engine';
import { signalChild } from '../src/core/process/signal-child';

/**
 * Terminal throughput: 200 MB of `yes`-like lines through pty → batching/flow control → bridge →
 * headless xterm, acknowledged as the renderer does. Over the WebSocket of a real `zervigo
 * serve` (acks over HTTP), and in one process (the bus, as IPC carries it). Beside them, what
 * headless xterm alone parses on this machine in the same run, and the server's memory.
 */
const TOTAL = 200 * 1000 * 1000;
const LINE = 'the quick brown fox jumps over the lazy dog 0123456789';
const COMMAND = `yes '${LINE}' | head -c ${TOTAL}; echo; echo done-marker`;

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

/** Feeds a headless xterm and acknowledges like LiveTerminal; resolves when all output is rendered. */
function renderer(ack: (chars: number) => void): { write: (data: string) => void; done: Promise<number> } {
  const term = new Terminal({ cols: 120, rows: 30, scrollback: 1000, allowProposedApi: true });
  let rendered = 0;
  let acknowledged = 0;
  let resolveDone!: (chars: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  let tail = '';
  return {
    write(data) {
      term.write(data, () => {
        rendered += data.length;
        if (rendered - acknowledged >= ACK_EVERY) {
          ack(rendered - acknowledged);
          acknowledged = rendered;
        }
        // Long enough for the marker and the shell prompt after it (which holds the cwd).
        tail = (tail + data.slice(-4096)).slice(-4096);
        if (rendered >= TOTAL && tail.includes('done-marker\r\n')) resolveDone(rendered);
      });
    },
    done,
  };
}

async function overWebSocket(): Promise<{
  mbPerSecond: number;
  serverGrowthMb: number;
  clientGrowthMb: number;
  serverCpuPerMb: number;
  clientCpuPerMb: number;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-term-'));
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-term-cwd-'));
  const bin = path.resolve(__dirname, '..', 'bin', 'zervigo.js');
  const token = spawnSync(process.execPath, [bin, 'token', '--data-dir', dataDir], { encoding: 'utf8' }).stdout.trim();
  const port = 7500 + (process.pid % 400);
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${port}`;
  const rpc = async <T>(name: string, body: unknown): Promise<T> => {
    const response = await fetch(`${url}${rpcPath(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  };
  try {
    await until(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true, 15_000, 20);
    const socket = new WebSocket(`ws://127.0.0.1:${port}${EVENTS_PATH}`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'subscribe', names: ['terminal.output'] }));
    const info = await rpc<TerminalInfo>('terminal.open', { target: { kind: 'shell', cwd }, cols: 120, rows: 30 });
    const view = renderer((chars) => void rpc('terminal.ack', { id: info.id, chars }));
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as { type: string; payload: TerminalOutput };
      if (message.type === 'event' && message.payload.id === info.id) view.write(message.payload.data);
    });
    await sleep(300);
    const serverBefore = rssMb(child.pid as number);
    const clientBefore = process.memoryUsage().rss / 1024 / 1024;
    let serverPeak = serverBefore;
    let clientPeak = clientBefore;
    const sampler = setInterval(() => {
      serverPeak = Math.max(serverPeak, rssMb(child.pid as number));
      clientPeak = Math.max(clientPeak, process.memoryUsage().rss / 1024 / 1024);
    }, 100);
    const started = performance.now();
    const serverCpu = cpuSeconds(child.pid as number);
    const clientCpu = ownCpuSeconds();
    await rpc('terminal.input', { id: info.id, data: `${COMMAND}\r` });
    const rendered = await view.done;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    socket.close();
    const megabytes = rendered / 1e6;
    return {
      mbPerSecond: megabytes / seconds,
      serverGrowthMb: serverPeak - serverBefore,
      clientGrowthMb: clientPeak - clientBefore,
      serverCpuPerMb: ((cpuSeconds(child.pid as number) - serverCpu) * 1000) / megabytes,
      clientCpuPerMb: ((ownCpuSeconds() - clientCpu) * 1000) / megabytes,
    };
  } finally {
    signalChild(child, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

async function inProcess(): Promise<{ mbPerSecond: number; growthMb: number; cpuPerMb: number }> {
  const bus = new EventBus();
  const backend = inProcessPtyBackend();
  const manager = new TerminalManager({
    backend,
    tmux: () => ({}) as TmuxClient,
    cwd: () => os.tmpdir(),
    emitOutput: (output) => bus.emit('terminal.output', output),
    emitExited: (info) => bus.emit('terminal.exited', info),
  });
  try {
    const info = manager.open({ kind: 'shell' }, 120, 30);
    const view = renderer((chars) => manager.ack(info.id, chars));
    bus.on('terminal.output', (output) => {
      if (output.id === info.id) view.write(output.data);
    });
    await sleep(300);
    const before = process.memoryUsage().rss / 1024 / 1024;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 1024 / 1024)), 100);
    const started = performance.now();
    const cpu = ownCpuSeconds();
    manager.input(info.id, `${COMMAND}\r`);
    const rendered = await view.done;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return { mbPerSecond: rendered / 1e6 / seconds, growthMb: peak - before, cpuPerMb: ((ownCpuSeconds() - cpu) * 1000) / (rendered / 1e6) };
  } finally {
    manager.dispose();
    backend.dispose();
  }
}

/** What headless xterm alone parses here: the ceiling of any pipeline ending in it. */
async function xtermAlone(): Promise<{ mbPerSecond: number; cpuPerMb: number }> {
  const term = new Terminal({ cols: 120, rows: 30, scrollback: 1000, allowProposedApi: true });
  const chunk = `${LINE}\r\n`.repeat(Math.ceil((200 * 1024) / (LINE.length + 2)));
  const target = 60 * 1000 * 1000;
  const started = performance.now();
  const cpu = ownCpuSeconds();
  let written = 0;
  while (written < target) {
    await new Promise<void>((resolve) => term.write(chunk, resolve));
    written += chunk.length;
  }
  return { mbPerSecond: written / 1e6 / ((performance.now() - started) / 1000), cpuPerMb: ((ownCpuSeconds() - cpu) * 1000) / (written / 1e6) };
}

export async function run(): Promise<void> {
  if (process.env.BENCH_QUICK) {
    const local = await inProcess();
    const alone = await xtermAlone();
    process.stdout.write(
      `in-process ${local.mbPerSecond.toFixed(1)} MB/s ${local.cpuPerMb.toFixed(1)} ms CPU/MB; xterm alone ${alone.mbPerSecond.toFixed(1)} MB/s ${alone.cpuPerMb.toFixed(1)} ms CPU/MB\n`,
    );
    return;
  }
  const ceiling = await xtermAlone();
  const local = await inProcess();
  const web = await overWebSocket();
  printFigures('Terminal throughput: 200 MB of lines, pty → batches (16 ms / 200 KB) → bridge → headless xterm, acks every 512 KB', [
    { name: 'over WebSocket from `zervigo serve` (acks over HTTP)', value: web.mbPerSecond, unit: 'MB/s', target: { op: '>=', value: 30 } },
    { name: '  server RSS growth at peak', value: web.serverGrowthMb, unit: 'MB', target: { op: '<=', value: 100 } },
    { name: '  client (xterm side) RSS growth at peak', value: web.clientGrowthMb, unit: 'MB' },
    { name: 'in one process (the bus, as IPC carries it)', value: local.mbPerSecond, unit: 'MB/s', target: { op: '>=', value: 30 } },
    { name: '  RSS growth at peak', value: local.growthMb, unit: 'MB', target: { op: '<=', value: 100 } },
    { name: '  CPU per MB (pty, batching, bus and xterm in one thread)', value: local.cpuPerMb, unit: 'ms' },
    { name: '  what one free core sustains (1000 / CPU per MB)', value: 1000 / local.cpuPerMb, unit: 'MB/s', target: { op: '>=', value: 30 } },
    { name: 'headless xterm alone, same machine and run (ceiling)', value: ceiling.mbPerSecond, unit: 'MB/s' },
    { name: '  its CPU per MB', value: ceiling.cpuPerMb, unit: 'ms' },
    { name: 'WebSocket: server CPU per MB (pty, batching, JSON, ws)', value: web.serverCpuPerMb, unit: 'ms' },
    { name: 'WebSocket: client CPU per MB (JSON, xterm, acks)', value: web.clientCpuPerMb, unit: 'ms' },
    {
      name: 'WebSocket: what one free core per side sustains (1000 / max CPU per MB)',
      value: 1000 / Math.max(web.serverCpuPerMb, web.clientCpuPerMb),
      unit: 'MB/s',
      target: { op: '>=', value: 30 },
    },
  ]);
}
