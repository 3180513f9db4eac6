import { ZervigoError } from '../../shared/errors';
import type { JobOutputChunk, JobRunSummary, JobTrigger, JobView } from '../../shared/types/jobs';
import type { Clock } from '../clock';
import { stepsOf, type JobConfig, type WorkspaceConfig } from '../config/schema';
import type { Database } from '../store/database';
import type { AutomationLocks } from './automation-lock';
import type { AutomationPause } from './automation-pause';
import { CronScheduler, cronOf, firesBetween, MOST_MISSED } from './cron-scheduler';
import { JobStore } from './job-store';
import { jobHandlers, type JobHandlers } from './automation-commands';
import { BackupStore } from './maintenance/backup-store';
import type { AlertFeed, AuditPort, Notifier, ProcessRunner, ServiceControl } from './ports';
import { RunExecution, type RunRequest } from './run-execution';
import { kindOf } from './steps/registry';

export interface AutomationDeps {
  db: Database;
  clock: Clock;
  locks: AutomationLocks;
  pause: AutomationPause;
  audit: AuditPort;
  services: ServiceControl;
  notifier: Notifier;
  alerts: AlertFeed;
  runProcess: ProcessRunner;
  /** Zervigo's own upkeep, for housekeeping steps. */
  housekeeping: (options: { vacuum: boolean; deploys: number; dryRun: boolean }) => Promise<string>;
  /** Where secrets for webhooks come from. */
  env(name: string): string | undefined;
  emitRun(summary: JobRunSummary): void;
  emitOutput(chunk: JobOutputChunk): void;
  onError(error: unknown, what: string): void;
}

export interface AutomationWorkspace {
  config: Pick<WorkspaceConfig, 'jobs' | 'environments'>;
  environment: string | null;
  /** The workspace folder. */
  dir: string;
}

interface Launch {
  runId: number;
  done: Promise<JobRunSummary>;
}

/** Jobs calling jobs never go deeper than this (the schema refuses cycles; this bounds the rest). */
const MAX_DEPTH = 8;

/**
 * Jobs: the workspace's `jobs:` scheduled on one cron timer, triggered by alerts, service states,
 * signed webhooks and people, run under their concurrency policy and a lock that holds across
 * restarts, each run recorded with its steps and audited. Pausing automation holds back all but
 * the runs a person asks for.
 */
export class AutomationModule {
  readonly store: JobStore;
  readonly backups: BackupStore;
  readonly handlers: JobHandlers;
  private readonly scheduler: CronScheduler;
  private readonly running = new Map<string, Map<number, { execution: RunExecution; done: Promise<JobRunSummary> }>>();
  private workspace: AutomationWorkspace | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private firstApply = true;
  private stopped = false;

  constructor(private readonly deps: AutomationDeps) {
    this.store = new JobStore(deps.db);
    this.backups = new BackupStore(deps.db);
    this.store.markInterrupted(deps.clock.now());
    this.scheduler = new CronScheduler(deps.clock, (name, due) => this.onSchedule(name, due));
    this.unsubscribe.push(
      deps.alerts.onTransition((event) => {
        if (event.state !== 'firing') return;
        for (const [name, job] of this.jobs()) {
          if (!job.on.alerts.includes(event.alertname)) continue;
          const env = { ZERVIGO_ALERT: event.alertname, ZERVIGO_LABELS: JSON.stringify(event.labels) };
          this.launchQuietly(name, { trigger: 'alert', actor: `alert:${event.alertname}`, env });
        }
      }),
      deps.services.onStatus((service, status) => {
        for (const [name, job] of this.jobs()) {
          if (!(job.on.services[service] ?? []).includes(status as never)) continue;
          this.launchQuietly(name, { trigger: 'service', actor: `service:${service}`, env: { ZERVIGO_SERVICE: service, ZERVIGO_STATUS: status } });
        }
      }),
    );
    this.handlers = jobHandlers(this, { clock: deps.clock, audit: deps.audit, env: (name) => deps.env(name), runProcess: deps.runProcess });
  }

  apply(workspace: AutomationWorkspace): void {
    this.workspace = workspace;
    const now = this.deps.clock.now();
    const scheduled = [...this.jobs()].filter(([, job]) => job.schedule !== undefined);
    this.scheduler.set(scheduled.map(([name, job]) => ({ name, pattern: job.schedule as string, timezone: job.timezone })));
    const first = this.firstApply;
    this.firstApply = false;
    for (const [name, job] of scheduled) {
      const pattern = scheduleKey(job);
      const last = this.store.lastFire(name, pattern);
      if (last === null || !first) {
        if (last === null) this.store.setLastFire(name, pattern, now);
        continue;
      }
      this.catchUp(name, job, firesBetween(cronOf({ name, pattern: job.schedule as string, timezone: job.timezone }), last, now));
    }
  }

  /** Stops the schedule and every run (their processes are killed); runs end as cancelled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduler.stop();
    for (const stop of this.unsubscribe.splice(0)) stop();
    const all = [...this.running.values()].flatMap((runs) => [...runs.values()]);
    for (const run of all) run.execution.cancel('cancelled', 'Zervigo stopped');
    await Promise.all(all.map((run) => run.done.catch(() => undefined)));
  }

  jobView(name: string, job: JobConfig): JobView {
    const steps = stepsOf(job);
    const triggers = [
      ...job.on.alerts.map((alert) => `alert ${alert}`),
      ...Object.entries(job.on.services).map(([service, states]) => `${service}: ${states.join(', ')}`),
      ...(job.on.webhook === undefined ? [] : ['webhook']),
    ];
    return {
      name,
      description: job.description ?? null,
      kinds: [...new Set(steps.map(kindOf))],
      schedule: job.schedule ?? null,
      timezone: job.timezone ?? null,
      nextRuns: this.scheduler.upcoming(name, 5),
      triggers,
      concurrency: job.concurrency,
      catchUp: job.catch_up,
      dryRunOnly: job.dry_run,
      running: [...(this.running.get(name)?.keys() ?? [])],
      lastRun: this.store.lastRun(name),
    };
  }

  /** Starts a run (or records why it did not start) and returns its id with a promise of its end. */
  launch(
    name: string,
    options: { trigger: JobTrigger; actor: string; dryRun?: boolean; scheduledFor?: number | null; depth?: number; env?: Record<string, string> },
  ): Launch {
    const job = this.job(name);
    const { clock, audit } = this.deps;
    const now = clock.now();
    const dryRun = options.dryRun === true || job.dry_run;
    const request: RunRequest = {
      job: name,
      config: job,
      steps: stepsOf(job),
      trigger: options.trigger,
      actor: options.actor,
      dryRun,
      scheduledFor: options.scheduledFor ?? null,
      depth: options.depth ?? 0,
      env: options.env ?? {},
    };
    const refuse = (message: string): Launch => {
      const runId = this.store.createRun({
        job: name,
        trigger: options.trigger,
        actor: options.actor,
        startedAt: now,
        outcome: 'skipped',
        message,
        dryRun,
        scheduledFor: request.scheduledFor,
      });
      this.store.setAudit(
        runId,
        audit.record({ actor: options.actor, action: 'job.run', target: name, outcome: 'skipped', message, details: { run: runId, trigger: options.trigger } }),
      );
      this.publish(runId);
      return { runId, done: Promise.resolve(this.store.summary(runId) as JobRunSummary) };
    };
    if (this.stopped) return refuse('Zervigo is stopping');
    // A person (or a job a person started) is not held back; everything automatic is.
    if (this.deps.pause.isPaused() && !['manual', 'job'].includes(options.trigger))
      return refuse(`automation is paused${this.deps.pause.get().by === null ? '' : ` by ${this.deps.pause.get().by}`}: not run`);
    if (request.depth > MAX_DEPTH) return refuse(`jobs call each other more than ${MAX_DEPTH} deep`);

    const runs = this.running.get(name) ?? new Map<number, { execution: RunExecution; done: Promise<JobRunSummary> }>();
    const lockKey = `job:${name}`;
    const locked = job.concurrency !== 'allow';
    if (job.concurrency === 'forbid') {
      const [first] = runs.keys();
      if (first !== undefined) return refuse(`still running (run #${first}); concurrency: forbid`);
      const holder = this.deps.locks.heldBy(lockKey);
      if (holder !== null) return refuse(`run #${holder} holds the job's lock in another Zervigo process; concurrency: forbid`);
    }
    const replaced = job.concurrency === 'replace' ? [...runs.values()] : [];

    const runId = this.store.createRun({
      job: name,
      trigger: options.trigger,
      actor: options.actor,
      startedAt: now,
      outcome: 'running',
      dryRun,
      scheduledFor: request.scheduledFor,
    });
    const auditId = audit.begin({
      actor: options.actor,
      action: dryRun ? 'job.dry_run' : 'job.run',
      target: name,
      details: { run: runId, trigger: options.trigger, scheduledFor: request.scheduledFor },
    });
    this.store.setAudit(runId, auditId);
    const execution = new RunExecution(runId, request, {
      clock,
      store: this.store,
      cwd: this.workspace?.dir ?? process.cwd(),
      services: {
        runProcess: this.deps.runProcess,
        services: this.deps.services,
        notifier: this.deps.notifier,
        backups: this.backups,
        housekeeping: this.deps.housekeeping,
      },
      emitRun: (id) => this.publish(id),
      emitOutput: (id, step, phase, text) => this.deps.emitOutput({ runId: id, step, phase, text }),
      runJob: async (child, parent) => {
        const launched = this.launch(child, { trigger: 'job', actor: `job:${parent.job}`, dryRun: parent.dryRun, depth: parent.depth + 1, env: parent.env });
        const end = await launched.done;
        return {
          ok: end.outcome === 'succeeded' || end.outcome === 'dry_run',
          message: `run #${end.id} ${end.outcome}${end.message === null ? '' : `: ${end.message}`}`,
        };
      },
    });
    const finish = (outcome: JobRunSummary['outcome'], message: string): JobRunSummary => {
      if (locked) this.deps.locks.release(lockKey, runId);
      this.store.finishRun(runId, outcome, message, clock.now());
      runs.delete(runId);
      if (runs.size === 0) this.running.delete(name);
      const auditOutcome =
        outcome === 'succeeded'
          ? 'ok'
          : outcome === 'dry_run'
            ? 'dry_run'
            : outcome === 'skipped'
              ? 'skipped'
              : outcome === 'interrupted'
                ? 'interrupted'
                : 'failed';
      audit.finish(auditId, auditOutcome, message, { run: runId, trigger: options.trigger });
      this.store.prune(name, job.history);
      this.publish(runId);
      return this.store.summary(runId) as JobRunSummary;
    };
    const done = (async (): Promise<JobRunSummary> => {
      for (const old of replaced) old.execution.cancel('cancelled', `replaced by run #${runId}; concurrency: replace`);
      await Promise.all(replaced.map((old) => old.done.catch(() => undefined)));
      if (locked) {
        const lock = this.deps.locks.acquire(lockKey, runId);
        if (!lock.ok) return finish('skipped', `run #${lock.holder} holds the job's lock (process ${lock.ownerPid}); concurrency: ${job.concurrency}`);
      }
      try {
        const end = await execution.execute();
        const retriesLeft = job.retries - Number(options.env?.ZERVIGO_RETRY ?? 0);
        const summary = finish(end.outcome, end.message);
        if ((end.outcome === 'failed' || end.outcome === 'timed_out') && retriesLeft > 0 && !this.stopped) {
          const attempt = String(Number(options.env?.ZERVIGO_RETRY ?? 0) + 1);
          this.launch(name, { ...options, actor: options.actor, env: { ...options.env, ZERVIGO_RETRY: attempt, ZERVIGO_RETRY_OF: String(runId) } });
        }
        return summary;
      } catch (error) {
        this.deps.onError(error, `job ${name} run #${runId}`);
        return finish('failed', `internal error: ${(error as Error).message}`);
      }
    })();
    runs.set(runId, { execution, done });
    this.running.set(name, runs);
    this.publish(runId);
    return { runId, done };
  }

  private launchQuietly(name: string, options: Parameters<AutomationModule['launch']>[1]): void {
    try {
      void this.launch(name, options).done.catch((error: unknown) => this.deps.onError(error, `job ${name}`));
    } catch (error) {
      this.deps.onError(error, `job ${name}`);
    }
  }

  private onSchedule(name: string, due: number): void {
    const job = this.workspace?.config.jobs[name];
    if (job?.schedule === undefined) return;
    this.store.setLastFire(name, scheduleKey(job), due);
    this.launchQuietly(name, { trigger: 'schedule', actor: 'schedule', scheduledFor: due });
  }

  /** Runs missed while no engine ran: none, the last of them, or each in turn (as systemd's Persistent=). */
  private catchUp(name: string, job: JobConfig, missed: number[]): void {
    if (missed.length === 0) return;
    const pattern = scheduleKey(job);
    this.store.setLastFire(name, pattern, missed.at(-1) as number);
    const count = missed.length > MOST_MISSED ? `more than ${MOST_MISSED}` : String(missed.length);
    if (job.catch_up === 'none') {
      const runId = this.store.createRun({
        job: name,
        trigger: 'catch_up',
        actor: 'schedule',
        startedAt: this.deps.clock.now(),
        outcome: 'skipped',
        message: `${count} scheduled run${missed.length === 1 ? '' : 's'} missed while Zervigo was not running; catch_up: none`,
        dryRun: false,
        scheduledFor: missed.at(-1) ?? null,
      });
      this.publish(runId);
      return;
    }
    const times = job.catch_up === 'one' ? [missed.at(-1) as number] : missed.slice(0, MOST_MISSED);
    void (async () => {
      for (const scheduledFor of times) {
        if (this.stopped) return;
        await this.launch(name, { trigger: 'catch_up', actor: 'schedule', scheduledFor }).done;
      }
    })().catch((error: unknown) => this.deps.onError(error, `catching up job ${name}`));
  }

  private publish(runId: number): void {
    const summary = this.store.summary(runId);
    if (summary !== undefined) this.deps.emitRun(summary);
  }

  /** The workspace's jobs as last applied (null before the first). */
  current(): AutomationWorkspace | null {
    return this.workspace;
  }

  /** Every job of the workspace, as the Jobs page lists them. */
  views(): JobView[] {
    return this.jobs().map(([name, job]) => this.jobView(name, job));
  }

  /** A run under way in this process, or undefined once it ended (or it runs in another Zervigo). */
  liveRun(job: string, runId: number): { execution: RunExecution; done: Promise<JobRunSummary> } | undefined {
    return this.running.get(job)?.get(runId);
  }

  private jobs(): [string, JobConfig][] {
    return Object.entries(this.workspace?.config.jobs ?? {});
  }

  /** The job of this name, or a not_found naming the jobs there are. */
  job(name: string): JobConfig {
    const job = this.workspace?.config.jobs[name];
    if (job === undefined) {
      const known = Object.keys(this.workspace?.config.jobs ?? {});
      throw new ZervigoError('not_found', `no job "${name}" in the workspace${known.length === 0 ? ' (it has no jobs:)' : ` (jobs: ${known.join(', ')})`}`);
    }
    return job;
  }
}

/** What a job's last fire time is kept under: a changed schedule or zone starts afresh. */
function scheduleKey(job: JobConfig): string {
  return `${job.schedule ?? ''}@${job.timezone ?? ''}`;
}
