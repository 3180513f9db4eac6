import type { JobRunOutcome, JobRunSummary, JobRunView, JobTrigger, StepOutcome, StepRunView } from '../../shared/types/jobs';
import type { Database } from '../store/database';

/** Each step keeps the end of its output: enough to see why it failed, never the disk's worth. */
export const KEEP_OUTPUT_CHARS = 64 * 1024;

interface RunRow {
  id: number;
  job: string;
  trigger: JobTrigger;
  actor: string;
  started_at: number;
  finished_at: number | null;
  outcome: JobRunOutcome;
  message: string | null;
  dry_run: number;
  scheduled_for: number | null;
  audit_id: number | null;
}

interface StepRow {
  run_id: number;
  phase: 'steps' | 'rollback';
  idx: number;
  name: string;
  kind: string;
  outcome: StepOutcome;
  attempts: number;
  started_at: number | null;
  finished_at: number | null;
  message: string | null;
  output: string;
}

const toSummary = (row: RunRow): JobRunSummary => ({
  id: row.id,
  job: row.job,
  trigger: row.trigger,
  actor: row.actor,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  outcome: row.outcome,
  message: row.message,
  dryRun: row.dry_run === 1,
  scheduledFor: row.scheduled_for,
  auditId: row.audit_id,
});

const toStep = (row: StepRow): StepRunView => ({
  index: row.idx,
  name: row.name,
  kind: row.kind,
  phase: row.phase,
  outcome: row.outcome,
  attempts: row.attempts,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  message: row.message,
  output: row.output,
});

/** Runs of jobs and their steps in SQLite: every run kept (up to each job's history), with its output. */
export class JobStore {
  constructor(private readonly db: Database) {}

  /** Runs that were going on when the last engine stopped: they did not finish. */
  markInterrupted(at: number): void {
    this.db
      .prepare(
        "UPDATE job_runs SET outcome = 'interrupted', finished_at = ?, message = coalesce(message, 'Zervigo stopped before this run finished') WHERE outcome = 'running'",
      )
      .run(at);
    this.db.prepare("UPDATE job_steps SET outcome = 'cancelled', message = coalesce(message, 'Zervigo stopped') WHERE outcome IN ('running', 'pending')").run();
  }

  createRun(run: {
    job: string;
    trigger: JobTrigger;
    actor: string;
    startedAt: number;
    outcome: JobRunOutcome;
    message?: string | null;
    dryRun: boolean;
    scheduledFor: number | null;
  }): number {
    const row = this.db
      .prepare(
        'INSERT INTO job_runs (job, trigger, actor, started_at, finished_at, outcome, message, dry_run, scheduled_for) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      )
      .get(
        run.job,
        run.trigger,
        run.actor,
        run.startedAt,
        run.outcome === 'running' ? null : run.startedAt,
        run.outcome,
        run.message ?? null,
        run.dryRun ? 1 : 0,
        run.scheduledFor,
      ) as { id: number };
    return row.id;
  }

  setAudit(runId: number, auditId: number): void {
    this.db.prepare('UPDATE job_runs SET audit_id = ? WHERE id = ?').run(auditId, runId);
  }

  finishRun(runId: number, outcome: JobRunOutcome, message: string | null, at: number): void {
    this.db.prepare('UPDATE job_runs SET outcome = ?, message = ?, finished_at = ? WHERE id = ?').run(outcome, message, at, runId);
  }

  /** Lays out the steps of a run as pending, so a viewer sees what is to come. */
  planSteps(runId: number, phase: 'steps' | 'rollback', steps: { name: string; kind: string }[]): void {
    const insert = this.db.prepare("INSERT OR REPLACE INTO job_steps (run_id, phase, idx, name, kind, outcome) VALUES (?, ?, ?, ?, ?, 'pending')");
    this.db.transaction(() => steps.forEach((step, idx) => insert.run(runId, phase, idx, step.name, step.kind)))();
  }

  updateStep(
    runId: number,
    phase: 'steps' | 'rollback',
    idx: number,
    fields: { outcome?: StepOutcome; attempts?: number; startedAt?: number; finishedAt?: number; message?: string | null; output?: string },
  ): void {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    const set = (column: string, value: string | number | null | undefined): void => {
      if (value === undefined) return;
      sets.push(`${column} = ?`);
      values.push(value);
    };
    set('outcome', fields.outcome);
    set('attempts', fields.attempts);
    set('started_at', fields.startedAt);
    set('finished_at', fields.finishedAt);
    set('message', fields.message);
    set('output', fields.output === undefined ? undefined : fields.output.slice(-KEEP_OUTPUT_CHARS));
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE job_steps SET ${sets.join(', ')} WHERE run_id = ? AND phase = ? AND idx = ?`).run(...values, runId, phase, idx);
  }

  summary(runId: number): JobRunSummary | undefined {
    const row = this.db.prepare('SELECT * FROM job_runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row === undefined ? undefined : toSummary(row);
  }

  run(runId: number): JobRunView | undefined {
    const summary = this.summary(runId);
    if (summary === undefined) return undefined;
    const steps = (this.db.prepare("SELECT * FROM job_steps WHERE run_id = ? ORDER BY phase = 'rollback', idx").all(runId) as StepRow[]).map(toStep);
    return { ...summary, steps };
  }

  runs(job: string, limit: number): JobRunSummary[] {
    return (this.db.prepare('SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT ?').all(job, limit) as RunRow[]).map(toSummary);
  }

  lastRun(job: string): JobRunSummary | null {
    const row = this.db.prepare('SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1').get(job) as RunRow | undefined;
    return row === undefined ? null : toSummary(row);
  }

  /** Keeps the newest `keep` finished runs of a job (with their steps). */
  prune(job: string, keep: number): number {
    return this.db
      .prepare("DELETE FROM job_runs WHERE job = ? AND outcome != 'running' AND id NOT IN (SELECT id FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT ?)")
      .run(job, job, keep).changes;
  }

  /** Runs of jobs no longer in the workspace, beyond the newest `keep` each. */
  pruneRemoved(known: string[], keep: number): number {
    const names = (this.db.prepare('SELECT DISTINCT job FROM job_runs').all() as { job: string }[]).map((row) => row.job).filter((job) => !known.includes(job));
    return names.reduce((sum, job) => sum + this.prune(job, keep), 0);
  }

  lastFire(job: string, pattern: string): number | null {
    const row = this.db.prepare('SELECT pattern, last_fire_at FROM job_schedule WHERE job = ?').get(job) as
      { pattern: string; last_fire_at: number } | undefined;
    return row === undefined || row.pattern !== pattern ? null : row.last_fire_at;
  }

  setLastFire(job: string, pattern: string, at: number): void {
    this.db
      .prepare(
        'INSERT INTO job_schedule (job, pattern, last_fire_at) VALUES (?, ?, ?) ON CONFLICT (job) DO UPDATE SET pattern = excluded.pattern, last_fire_at = max(excluded.last_fire_at, CASE WHEN job_schedule.pattern = excluded.pattern THEN job_schedule.last_fire_at ELSE 0 END)',
      )
      .run(job, pattern, at);
  }
}
