import { spawn } from 'node:child_process';
import { commandLine, toArgv, type CommandLine } from '../../config/schema';
import type { ProbeKind } from '../probe-kind';
import { excerptOf } from '../excerpt';
import { failed, passed, since, type ProbeCheck } from '../check-result';
import { formatSpan } from '../format-span';
import { signalGroup } from '../../process/process-group';

/** Output kept per check: enough for a match and a reason, bounded whatever the command prints. */
const MAX_STDOUT_BYTES = 64 * 1024;
const MAX_STDERR_BYTES = 4 * 1024;

export interface CommandProbeOptions {
  /** Already split; `/bin/sh -c` is argv[0..1] only when the file says `shell: true`. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  exitCode: number;
  stdoutContains?: string;
  stdoutRegex?: RegExp;
  maxMs?: number;
  timeoutMs: number;
}

/** A command run in the service's folder and environment: `command: "curl -fsS …"` or argv. */
export const commandProbe: ProbeKind<CommandLine> = {
  kind: 'command',
  summary: "A command run in the service's cwd and env: passes on the expected exit code and output; killed at the timeout.",
  schema: commandLine,
  expects: ['max_ms', 'exit_code', 'stdout_contains', 'stdout_regex'],
  dependsOn: ['env'],
  validate: (command, probe) => {
    const argv = toArgv(command, probe.shell);
    return argv.ok ? [] : [{ path: [], message: argv.message }];
  },
  describe: (command) => (Array.isArray(command) ? command.join(' ') : command),
  createCheck: (command, context) => {
    const { expect, shell, timeoutMs } = context.probe;
    const argv = toArgv(command, shell);
    // The schema refuses commands that cannot be split; this keeps the type honest.
    if (!argv.ok) return async () => failed(argv.message, 0);
    return createCommandCheck({
      argv: argv.argv,
      cwd: context.service.dir,
      env: context.service.env,
      exitCode: expect.exit_code ?? 0,
      stdoutContains: expect.stdout_contains,
      stdoutRegex: expect.stdout_regex === undefined ? undefined : new RegExp(expect.stdout_regex),
      maxMs: expect.max_ms,
      timeoutMs,
    });
  },
};

/**
 * Runs a command in its own process group; passes on the expected exit code and output. At
 * the timeout the whole group is killed, so a script's children do not outlive the check.
 */
export function createCommandCheck(options: CommandProbeOptions): ProbeCheck {
  const [file, ...args] = options.argv as [string, ...string[]];
  return (signal) =>
    new Promise((resolve) => {
      const started = performance.now();
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let done = false;
      const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      // detached: the child leads its own group, so its pid is the group's id.
      const killGroup = (): void => {
        if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      };
      const onAbort = (): void => {
        timedOut = true;
        killGroup();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (chunk: Buffer) => {
        if (stdout.length < MAX_STDOUT_BYTES) stdout += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
      });
      const finish = (reason: string | null, exitCode: number | null): void => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', onAbort);
        const durationMs = since(started);
        const samples = exitCode === null ? [] : [{ name: 'probe_command_exit_code', value: exitCode }];
        if (reason === null && options.maxMs !== undefined && durationMs > options.maxMs)
          reason = `finished in ${formatSpan(durationMs)}, slower than max_ms ${formatSpan(options.maxMs)}`;
        resolve(reason === null ? passed(durationMs, samples) : failed(reason, durationMs, samples));
      };
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') finish(`command not found: ${file}`, null);
        else if (error.code === 'EACCES') finish(`not allowed to run ${file} (is it executable?)`, null);
        else finish(`could not run ${file}: ${error.message}`, null);
      });
      child.once('exit', (code, exitSignal) => {
        // Anything left in the group (background jobs of a script) goes with the check.
        killGroup();
        const settle = (): void => {
          if (timedOut) finish(`did not finish within ${formatSpan(options.timeoutMs)}; its process group was killed`, null);
          else if (code === null) finish(`killed by ${exitSignal ?? 'a signal'}`, null);
          else finish(outcome(code, stdout, stderr, options), code);
        };
        // Output still in the pipes arrives before 'close'; a grandchild that left the group could
        // hold them open forever, so 'close' is awaited only briefly.
        const drain = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          settle();
        }, 200);
        child.once('close', () => {
          clearTimeout(drain);
          settle();
        });
      });
    });
}

function outcome(code: number, stdout: string, stderr: string, options: CommandProbeOptions): string | null {
  if (code !== options.exitCode) {
    const said = excerptOf(lastLine(stderr) ?? lastLine(stdout) ?? '', 120);
    return `exited with ${code} (expected ${options.exitCode})${said === null ? '' : `: ${said}`}`;
  }
  if (options.stdoutContains !== undefined && !stdout.includes(options.stdoutContains))
    return `the output does not contain "${options.stdoutContains}"${begins(stdout)}`;
  if (options.stdoutRegex !== undefined && !options.stdoutRegex.test(stdout))
    return `the output does not match /${options.stdoutRegex.source}/${begins(stdout)}`;
  return null;
}

function begins(text: string): string {
  const quoted = excerptOf(text);
  return quoted === null ? ' (it printed nothing)' : ` (it begins ${quoted})`;
}

function lastLine(text: string): string | null {
  const lines = text.trim().split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  return last === '' ? null : last;
}
