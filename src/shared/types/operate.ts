/**
 * Service control as the clients see it: what a start/stop/restart did to each service, the
 * progress of a long operation, and the audit log.
 */

/** Where a service stands in its life as Zervigo runs it (the probe side is monitoring's). */
import type { ServiceStatus } from './service';

export type LifecyclePhase =
  | 'unmanaged' // no start command: only observed
  | 'stopped'
  | 'waiting' // waiting for its dependencies: a start, or its process ended while one was down
  | 'starting' // running, not yet ready
  | 'running' // running and ready
  | 'stopping'
  | 'backoff' // failed; a restart is scheduled
  | 'given_up' // the restart budget is spent
  | 'failed'; // cannot be started as written (missing command, bad cwd) or exited with restart: never

/** A running service whose start settings were edited since it started: they apply at its next start. */
export interface PendingRestart {
  service: string;
  /** As the workspace names them: "start", "shell", "cwd", "env.PORT", "stop", "tmux". */
  fields: string[];
}

export interface ServiceRuntime {
  phase: LifecyclePhase;
  pid: number | null;
  /** When the current process started (or was adopted). */
  startedAt: number | null;
  /** Automatic restarts since Zervigo started supervising it. */
  restarts: number;
  /** Failures in a row; a clean run (ready, and min_uptime since its start) resets it. */
  failures: number;
  nextRestartAt: number | null;
  /** With replicas: `replica` says which one exited ("web#2"). */
  lastExit: { code: number | null; signal: string | null; at: number; replica?: string } | null;
  /** Found already running (by pid file, port or tmux window) rather than started by Zervigo. */
  adopted: boolean;
  cpuPercent: number | null;
  memoryBytes: number | null;
  /** "session:window" when it runs in tmux, for opening its terminal. */
  tmuxTarget: string | null;
  logFile: string | null;
  /** A service with replicas: each one's state (the fields above sum or summarise them: CPU and memory summed, the oldest start). */
  replicas?: ReplicaRuntime[];
  /** A service with replicas: how many run and are ready now. */
  replicasUp?: number;
}

/** One replica of a replicated service (services.<name>.replicas). */
export interface ReplicaRuntime {
  /** 1..N: its ${REPLICA}. */
  replica: number;
  /** Its ${PORT}, when the service has a port. */
  port: number | null;
  phase: LifecyclePhase;
  /** As a service's status: up, starting, restarting, down... */
  status: ServiceStatus;
  reason: string | null;
  pid: number | null;
  restarts: number;
}

export type OperationAction = 'start' | 'stop' | 'restart';

/** What happened to one service in an operation. */
export type ServiceOutcome = 'ready' | 'already_running' | 'stopped' | 'already_stopped' | 'failed' | 'blocked' | 'skipped';

export interface ServiceStepResult {
  service: string;
  outcome: ServiceOutcome;
  message: string;
  durationMs: number;
  auditId: number | null;
  /** Its level in dependency order within the operation. */
  level: number;
}

export interface OperationResult {
  id: string;
  action: OperationAction;
  /** The services asked for (all that Zervigo runs when none were named); the rest of `services` were dependencies. */
  targets: string[];
  /**
   * What happened, in one true sentence: "Restarted api; db was already running (waited for, not
   * restarted)", "Started 5 of 6; worker failed: …". The same words in the console, the CLI and the API.
   */
  summary: string;
  /** Services in the order they were handled (dependency order for start, reverse for stop). */
  services: ServiceStepResult[];
  ok: boolean;
  startedAt: number;
  durationMs: number;
}

export type ProgressStep = 'queued' | 'waiting' | 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed' | 'blocked' | 'skipped';

export interface OperationProgress {
  operation: string;
  action: OperationAction;
  service: string;
  step: ProgressStep;
  message: string;
  at: number;
  /** The level in dependency order (0 = depends on nothing in this operation). */
  level: number;
}

export type AuditOutcome = 'running' | 'ok' | 'failed' | 'refused' | 'dry_run' | 'skipped' | 'interrupted';

export interface AuditEntry {
  id: number;
  at: number;
  /** Who: "browser", "api", "desktop", "cli", "rule:ServiceDown", "supervisor". */
  actor: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  message: string | null;
  durationMs: number | null;
  /** The start-all / batch operation this entry belongs to. */
  operation: string | null;
  details: Record<string, unknown> | null;
}

/** The order a start would take: levels of services that can start together. */
export interface StartPlan {
  levels: string[][];
  problems: string[];
}
