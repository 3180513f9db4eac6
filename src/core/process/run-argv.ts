import { spawn } from 'node:child_process';
import type { ProcessOutcome, RunOptions } from './run-options';
import { formatDuration } from '../../shared/duration';
import { signalGroup, terminateGroup } from './process-group';
import { spawnErrorMessage } from './runner';

/** How long a process group has between SIGTERM and SIGKILL when a step is stopped. */
const STOP_GRACE_MS = 2_000;

/**
 * Runs argv as the leader of its own process group (never through a shell unless argv is one),
 * streams its output, and stops the whole group — SIGTERM, a grace, SIGKILL — at the timeout or
 * when the signal aborts. Resolves once the process and every member of its group are gone.
 */
export function runArgv(argv: readonly string[], options: RunOptions): Promise<ProcessOutcome> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    if (command === undefined) return resolve({ ok: false, code: null, signal: null, timedOut: false, cancelled: false, message: 'the command is empty' });
    if (options.signal?.aborted)
      return resolve({ ok: false, code: null, signal: null, timedOut: false, cancelled: true, message: 'cancelled before it started' });
    let timedOut = false;
    let cancelled = false;
    let stopping: Promise<unknown> | null = null;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stop = (): void => {
      if (stopping === null && child.pid !== undefined) stopping = terminateGroup(child.pid, STOP_GRACE_MS);
    };
    const text = (chunk: Buffer): void => options.onOutput?.(chunk.toString('utf8'));
    if (options.stdout !== undefined) child.stdout?.pipe(options.stdout, { end: false });
    else child.stdout?.on('data', text);
    child.stderr?.on('data', text);
    if (options.stdin !== undefined && child.stdin !== null) {
      child.stdin.on('error', () => undefined);
      options.stdin.pipe(child.stdin);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (outcome: ProcessOutcome): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      done({
        ok: false,
        code: null,
        signal: null,
        timedOut: false,
        cancelled: false,
        message: spawnErrorMessage(command, error).replace(/^start command/, 'command'),
      }),
    );
    child.once('close', (code, signal) => {
      void (async () => {
        // Whatever it left behind in its group goes with it.
        if (child.pid !== undefined) {
          if (stopping !== null) await stopping;
          else signalGroup(child.pid, 'SIGKILL');
        }
        const message = timedOut
          ? `timed out after ${formatDuration(options.timeoutMs)}; its process group was killed`
          : cancelled
            ? 'cancelled; its process group was killed'
            : signal !== null
              ? `killed by ${signal}`
              : `exited with code ${code}`;
        done({ ok: code === 0 && !timedOut && !cancelled, code, signal, timedOut, cancelled, message });
      })();
    });
  });
}
