/**
 * The doors between jobs (and deploys) and the parts beside them. Types only: engine.ts wires
 * the real implementations (automation-ports.ts), tests may hand in their own. Nothing in jobs/
 * or deploy/ imports a sibling part; it is given these.
 */
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

export type ServiceAction = 'start' | 'stop' | 'restart';

/** Service control (the service manager): the result in words, and whether it worked. */
export interface ServiceControl {
  names(): string[];
  run(action: ServiceAction, services: string[], actor: string): Promise<{ ok: boolean; summary: string; ready: boolean }>;
  /** The status the console shows: up, down, running, given_up… */
  status(service: string): string | null;
  /** Every change of a service's shown status. */
  onStatus(listener: (service: string, status: string, reason: string | null) => void): () => void;
}

/** Notification channels (the notifier). Throws naming unknown channels. */
export interface Notifier {
  notify(channels: string[], message: { title: string; body: string; labels: Record<string, string> }): Promise<void>;
}

export interface AuditEntryInput {
  actor: string;
  action: string;
  target: string;
  outcome?: 'running' | 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted';
  message?: string | null;
  details?: Record<string, unknown> | null;
}

/** The audit log. */
export interface AuditPort {
  begin(entry: AuditEntryInput): number;
  finish(id: number, outcome: 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted', message: string | null, details?: Record<string, unknown>): void;
  record(entry: AuditEntryInput & { outcome: 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted' }): number;
}

/** Alerts starting (or stopping) to fire, rule alerts and those raised from code alike. */
export interface AlertFeed {
  onTransition(listener: (event: { alertname: string; labels: Record<string, string>; state: 'firing' | 'resolved' }) => void): () => void;
  /** Alerts firing now, by their labels. */
  firing(): { alertname: string; labels: Record<string, string> }[];
}

/** Alerts raised from code (a rolled-back deploy). */
export interface AlertRaiser {
  raise(alert: { alertname: string; labels: Record<string, string>; annotations: Record<string, string> }): void;
  resolve(alert: { alertname: string; labels: Record<string, string> }): void;
}
