import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { signalChild } from '../src/core/process/signal-child';

export const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'zervigo.js');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(root, 'out', 'cli', 'zervigo.cjs'))) throw new Error('run `npm run build` first');
}

/** The API token of a data folder (created on first use). */
export function tokenOf(dataDir: string): string {
  return spawnSync(process.execPath, [bin, 'token', '--data-dir', dataDir], { encoding: 'utf8' }).stdout.trim();
}

/** `zervigo serve` as a child process, once it prints its URL (stopped when it has not within `waitMs`). */
export async function serve(dataDir: string, workspace: string, waitMs = 15_000): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir, '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const until = Date.now() + waitMs; Date.now() < until;) {
    const url = /headless console at (http\S+)/.exec(output)?.[1];
    if (url !== undefined) return { child, url };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  await stop(child);
  throw new Error(`zervigo serve did not start within ${waitMs / 1000} s:\n${output}`);
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalChild(child, signal);
  await exited;
}

/** An HTTP server on 127.0.0.1 that can be stopped and started again on the same port. */
export class RestartableServer {
  private server: http.Server | null = null;
  port = 0;

  constructor(private readonly handler: http.RequestListener) {}

  async start(): Promise<void> {
    const server = http.createServer(this.handler);
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
