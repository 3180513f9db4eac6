import type { Writable } from 'node:stream';

/** How one process ended. */
export interface ProcessOutcome {
  ok: boolean;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** In words: "exited with code 2", "timed out after 30s; its process group was killed", "command not found: foo". */
  message: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** The attempt is stopped (its whole process group) after this long. */
  timeoutMs: number;
  /** Aborting stops it the same way (a run's own timeout, a cancel, a replace). */
  signal?: AbortSignal;
  /** Output as it comes (stdout and stderr, interleaved), unless `stdout` takes standard output. */
  onOutput?: (text: string) => void;
  /** Standard output goes here instead (a dump into a file); stderr still goes to onOutput. */
  stdout?: Writable;
  /** Fed to standard input (a restore reads the backup). */
  stdin?: NodeJS.ReadableStream;
}

/** Runs argv (never a shell unless argv says /bin/sh -c) as the leader of its own process group. */
export type ProcessRunner = (argv: readonly string[], options: RunOptions) => Promise<ProcessOutcome>;
