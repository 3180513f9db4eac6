import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { waitFor } from './wait-for';
import { signalChild } from '../../src/core/process/signal-child';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cliBin = path.join(repoRoot, 'bin', 'zervigo.js');

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(repoRoot, 'out', 'cli', 'zervigo.cjs'))) {
    throw new Error('the CLI is not built: run `npm run build` (npm test does it first)');
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `zervigo <args>` to completion, as an operator would. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  assertBuilt();
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI without blocking the test's event loop (a server under test may live in this process). */
export function runCliAsync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const running: ChildProcess[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) await stopProcess(child);
});

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  // No pid: the spawn failed, there is nothing to stop (and no 'exit' will come).
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  signalChild(child, signal);
  const timer = setTimeout(() => signalChild(child, 'SIGKILL'), 5_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  loginLink: string;
  output: () => string;
}

/** Starts `zervigo serve` and waits for the URL it prints; stopped after the test. */
export async function startServe(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [cliBin, 'serve', ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const loginLink = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`zervigo serve exited with ${child.exitCode}:\n${output}`);
      return /sign in\s+(http\S+)/.exec(output)?.[1];
    },
    // A hang guard: a serve starts in 1-2 s, but took over 15 s at a load average of 11 with two test files at once.
    { timeoutMs: 40_000, what: 'zervigo serve to print its sign-in link' },
  );
  const url = new URL(loginLink).origin;
  return { child, url, loginLink, output: () => output };
}
