/** Jobs as the clients see them: their schedules, runs and each step's outcome and output. */

export type JobRunOutcome = 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'skipped' | 'dry_run' | 'interrupted';
export type StepOutcome = 'pending' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'skipped' | 'dry_run' | 'cancelled';

/** What started a run. */
export type JobTrigger = 'schedule' | 'catch_up' | 'alert' | 'service' | 'webhook' | 'manual' | 'job';

export interface JobView {
  name: string;
  description: string | null;
  /** The kind of its steps: "exec", "backup", "cleanup", "exec, http"… */
  kinds: string[];
  schedule: string | null;
  timezone: string | null;
  /** The next few scheduled times (ms), empty without a schedule. */
  nextRuns: number[];
  /** Other triggers in words: "alert DiskLow", "api: down", "webhook". */
  triggers: string[];
  concurrency: 'forbid' | 'replace' | 'allow';
  catchUp: 'none' | 'one' | 'all';
  dryRunOnly: boolean;
  /** Runs now going on. */
  running: number[];
  lastRun: JobRunSummary | null;
}

export interface JobRunSummary {
  id: number;
  job: string;
  trigger: JobTrigger;
  /** Who or what: a person, "schedule", "alert:DiskLow", "webhook". */
  actor: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: JobRunOutcome;
  message: string | null;
  dryRun: boolean;
  /** The time it was due (scheduled and caught-up runs). */
  scheduledFor: number | null;
  auditId: number | null;
}

export interface StepRunView {
  index: number;
  name: string;
  kind: string;
  /** "steps" or "rollback". */
  phase: 'steps' | 'rollback';
  outcome: StepOutcome;
  attempts: number;
  startedAt: number | null;
  finishedAt: number | null;
  message: string | null;
  /** What it printed (the end, at most 64 KiB), or for a dry run what it would do. */
  output: string;
}

export interface JobRunView extends JobRunSummary {
  steps: StepRunView[];
}

/** Output of a running step, as it is written. */
export interface JobOutputChunk {
  runId: number;
  step: number;
  phase: 'steps' | 'rollback';
  text: string;
}

export interface BackupView {
  id: number;
  job: string;
  file: string;
  sha256: string;
  bytes: number;
  createdAt: number;
  kind: 'archive' | 'dump';
}

export interface AutomationState {
  paused: boolean;
  /** Who paused it and why. */
  by: string | null;
  reason: string | null;
  since: number | null;
  /** What pausing holds back, in words, so nobody has to guess. */
  covers: string;
}
