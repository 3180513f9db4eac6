import { spawn } from 'node:child_process';
import { signalGroup, terminateGroup } from '../process/process-group';
import { spawnErrorMessage } from '../process/runner';

export interface ExecResult {
  ok: boolean;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The end of what it printed (stdout and stderr), for the audit entry. */
  output: string;
  message: string;
}

const KEEP_OUTPUT = 4096;

/**
 * Runs a rule's `exec:` action: argv (a shell only when the action says so), its own process
 * group, killed with the group when the timeout passes.
 */
export function runExec(argv: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<ExecResult> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    if (command === undefined) return resolve({ ok: false, code: null, signal: null, timedOut: false, output: '', message: 'the command is empty' });
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-KEEP_OUTPUT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) void terminateGroup(child.pid, 2_000);
    }, options.timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, code: null, signal: null, timedOut: false, output, message: spawnErrorMessage(command, error) });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever it left behind goes with it.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      const ok = code === 0 && !timedOut;
      const message = timedOut ? `timed out after ${options.timeoutMs} ms; killed` : signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
      resolve({ ok, code, signal, timedOut, output: output.trim(), message });
    });
  });
}
