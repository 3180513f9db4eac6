import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { groupMembers, terminateGroup } from './process-group';
import { askToStop } from './stop-command';
import { openLogFile, serviceLogFile } from './log-file';
import { StartError, spawnErrorMessage, type ExitInfo, type ProcessHandle, type ServiceOutputSink, type ServiceRunner, type ServiceSpec } from './runner';

export interface ProcessRunnerOptions {
  /** Folder of the services' output files. */
  logDir: string;
  output: ServiceOutputSink;
  now?: () => number;
}

/**
 * Runs a service as a child process, leader of its own process group, with stdout and stderr
 * appended to its log file and handed to the logs part. Its exit is known the moment it happens.
 */
export class ProcessRunner implements ServiceRunner {
  private readonly now: () => number;

  constructor(private readonly options: ProcessRunnerOptions) {
    this.now = options.now ?? Date.now;
  }

  async find(): Promise<ProcessHandle | null> {
    // A child of an earlier Zervigo is not ours any more; adoption by pid file or port finds it.
    return null;
  }

  async start(spec: ServiceSpec): Promise<ProcessHandle> {
    if (!isDirectory(spec.cwd)) throw new StartError(`working directory ${spec.cwd} does not exist`);
    const [command, ...args] = spec.argv;
    if (command === undefined) throw new StartError('the start command is empty');
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Listen for the exit before anything else can happen: a command may end at once.
    const exited = new Promise<ExitInfo>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) => reject(new StartError(spawnErrorMessage(command, error))));
    });
    const logFile = serviceLogFile(this.options.logDir, spec.name);
    this.captureOutput(spec.name, child, logFile);
    return new ChildHandle(child.pid as number, exited, spec, this.now(), logFile);
  }

  private captureOutput(service: string, child: ChildProcess, logFile: string): void {
    const file = openLogFile(logFile);
    file.on('error', () => undefined);
    let open = 2;
    for (const [name, stream] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      if (stream === null) continue;
      // The sink gets its own copy, so a slow reader there never holds up the file.
      const copy = new PassThrough();
      stream.pipe(copy);
      stream.pipe(file, { end: false });
      stream.once('end', () => {
        if (--open === 0) file.end();
      });
      this.options.output.attach(service, name, copy);
    }
  }
}

class ChildHandle implements ProcessHandle {
  readonly adopted = false;
  readonly tmuxTarget = null;
  readonly exited: Promise<ExitInfo>;
  private exit: ExitInfo | null = null;
  private stopping = false;

  constructor(
    readonly pid: number,
    exited: Promise<ExitInfo>,
    private readonly spec: ServiceSpec,
    readonly startedAt: number,
    readonly logFile: string,
  ) {
    this.exited = exited.then((info) => {
      this.exit = info;
      // Children the leader left behind would hold its port against the restart.
      if (!this.stopping && groupMembers(this.pid).length > 0) void terminateGroup(this.pid, 2_000);
      return info;
    });
  }

  async stop(graceMs: number): Promise<ExitInfo> {
    this.stopping = true;
    if (this.exit === null || groupMembers(this.pid).length > 0) {
      await terminateGroup(this.pid, graceMs, { leaderGone: () => this.exit !== null, ask: () => askToStop(this.spec, this.pid) });
    }
    return this.exited;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
