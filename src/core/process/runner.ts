import { ZervigoError } from '../../shared/errors';

/** How a service is run, resolved from the workspace: argv (never a shell unless asked), cwd, env. */
export interface ServiceSpec {
  name: string;
  argv: string[];
  /** A custom stop command (argv), run instead of SIGTERM. */
  stopArgv: string[] | null;
  /** Absolute. */
  cwd: string;
  env: Record<string, string>;
  tmux: { session: string; window: string } | null;
  pidFile: string | null;
  port: number | null;
  stopGraceMs: number;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** For endings that are not a plain exit: "its tmux window was closed", "the tmux server exited". */
  reason?: string;
}

/** One running process of a service, started or adopted, however it runs. */
export interface ProcessHandle {
  readonly pid: number | null;
  readonly startedAt: number;
  /** Found running rather than started by this Zervigo. */
  readonly adopted: boolean;
  /** "session:window" when it runs in tmux. */
  readonly tmuxTarget: string | null;
  readonly logFile: string | null;
  /** Resolves once, when the process has ended. */
  readonly exited: Promise<ExitInfo>;
  /** The stop command or SIGTERM to the whole process group, the grace period, then SIGKILL. */
  stop(graceMs: number): Promise<ExitInfo>;
}

export interface ServiceRunner {
  /** Starts the service's process. Throws StartError when it cannot run as written. */
  start(spec: ServiceSpec): Promise<ProcessHandle>;
  /** The service's process if this runner already has it running (e.g. its tmux window). */
  find(spec: ServiceSpec): Promise<ProcessHandle | null>;
}

/** A start that cannot succeed by retrying (no such command, no such folder): never restarted. */
export class StartError extends ZervigoError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'StartError';
  }
}

/** "ENOENT" and friends, from a failed spawn, in words. */
export function spawnErrorMessage(argv0: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `start command not found: ${argv0} (not on PATH, or no such file)`;
    case 'EACCES':
      return `start command is not executable: ${argv0} (permission denied)`;
    case 'ENOEXEC':
      return `start command is not a program this system can run: ${argv0}`;
    default:
      return `cannot start ${argv0}: ${error.message}`;
  }
}

/** Logs' door for service output (child stdout/stderr; tmux panes via pipe-pane into a file it follows). */
export interface ServiceOutputSink {
  attach(service: string, stream: 'stdout' | 'stderr', readable: NodeJS.ReadableStream): void;
  followFile(service: string, file: string): void;
}
