import type { automationCommands } from '../../shared/contract/automation';
import { principalOf, type CallContext, type HandlersOf } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import type { JobOutputChunk, JobRunSummary, JobTrigger, JobView } from '../../shared/types/jobs';
import type { Clock } from '../clock';
import { stepsOf, type JobConfig, type StepConfig, type WorkspaceConfig } from '../config/schema';
import type { Database } from '../store/database';
import type { AutomationLocks } from './automation-lock';
import type { AutomationPause } from './automation-pause';
import { CronScheduler, cronOf, firesBetween, MOST_MISSED } from './cron-scheduler';
import { JobStore } from './job-store';
import { BackupStore } from './maintenance/backup-store';
import { restoreBackup } from './maintenance/backup-restore';
import type { AlertFeed, AuditPort, Notifier, ProcessRunner, ServiceControl } from './ports';
import { RunExecution, type RunRequest } from './run-execution';
import { entryOf, kindOf } from './steps/registry';
import { WebhookVerifier } from './webhook-signature';

type JobHandlers = Pick<
  HandlersOf<typeof automationCommands>,
  'jobs.list' | 'jobs.runs' | 'jobs.run.get' | 'jobs.run' | 'jobs.cancel' | 'jobs.trigger' | 'backups.list' | 'backups.restore'
>;

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
  private readonly verifier: WebhookVerifier;
  private readonly running = new Map<string, Map<number, { execution: RunExecution; done: Promise<JobRunSummary> }>>();
  private workspace: AutomationWorkspace | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private firstApply = true;
  private stopped = false;

  constructor(private readonly deps: AutomationDeps) {
    this.store = new JobStore(deps.db);
    this.backups = new BackupStore(deps.db);
    this.store.markInterrupted(deps.clock.now());
    this.verifier = new WebhookVerifier(() => deps.clock.now());
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
    this.handlers = this.createHandlers();
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

  private jobs(): [string, JobConfig][] {
    return Object.entries(this.workspace?.config.jobs ?? {});
  }

  private job(name: string): JobConfig {
    const job = this.workspace?.config.jobs[name];
    if (job === undefined) {
      const known = Object.keys(this.workspace?.config.jobs ?? {});
      throw new ZervigoError('not_found', `no job "${name}" in the workspace${known.length === 0 ? ' (it has no jobs:)' : ` (jobs: ${known.join(', ')})`}`);
    }
    return job;
  }

  /** Exec steps run commands on this machine: a person starts such a job only with the shell permission (an admin); an operator may dry-run it. */
  private mayRunCommands(name: string, job: JobConfig, dryRun: boolean, context: CallContext): void {
    const principal = principalOf(context);
    if (dryRun || principal.permissions.has('shell')) return;
    // Through job steps too: a job that calls one with exec steps runs those commands.
    const seen = new Set<string>([name]);
    const all = (of: JobConfig): StepConfig[] =>
      [...stepsOf(of), ...of.rollback].flatMap((step) => {
        const called = step.job === undefined || seen.has(step.job) ? undefined : this.workspace?.config.jobs[step.job];
        if (called === undefined) return [step];
        seen.add(step.job as string);
        return [step, ...all(called)];
      });
    const commands = all(job).filter((step) => step.exec !== undefined || step.backup?.command !== undefined);
    if (commands.length === 0) return;
    const message = `${principal.name} may not run ${name}: it runs commands on this machine (${commands.map((step) => entryOf(step).describe(step)).join('; ')}), which needs an admin (the shell permission); a dry run is allowed`;
    this.deps.audit.record({ actor: context.actor, action: 'job.run', target: name, outcome: 'refused', message });
    throw new ZervigoError('forbidden', message, { permission: 'shell' });
  }

  /** In a confirm_destructive environment a person confirms a job that stops services or deletes files. */
  private confirmDestructive(name: string, job: JobConfig, confirm: boolean, dryRun: boolean, context: CallContext): void {
    const workspace = this.workspace;
    const environment = workspace?.environment ?? null;
    if (environment === null || workspace?.config.environments[environment]?.confirm_destructive !== true) return;
    if (confirm || dryRun || context.transport === 'internal') return;
    const destructive = stepsOf(job).filter((step) => entryOf(step).destructive(step));
    if (destructive.length === 0) return;
    const message = `${environment} asks for confirmation before running ${name} (${destructive.map((step) => entryOf(step).describe(step)).join('; ')}): send "confirm": true (the console asks)`;
    this.deps.audit.record({ actor: context.actor, action: 'job.run', target: name, outcome: 'refused', message });
    throw new ZervigoError('confirmation_required', message, { environment, job: name });
  }

  private createHandlers(): JobHandlers {
    return {
      'jobs.list': async () => this.jobs().map(([name, job]) => this.jobView(name, job)),
      'jobs.runs': async (input) => {
        this.job(input.name);
        return this.store.runs(input.name, input.limit);
      },
      'jobs.run.get': async (input) => {
        const run = this.store.run(input.id);
        if (run === undefined) throw new ZervigoError('not_found', `no job run ${input.id}`);
        return run;
      },
      'jobs.run': async (input, context) => {
        const job = this.job(input.name);
        this.mayRunCommands(input.name, job, input.dryRun, context);
        this.confirmDestructive(input.name, job, input.confirm, input.dryRun, context);
        const launched = this.launch(input.name, { trigger: 'manual', actor: context.actor, dryRun: input.dryRun });
        if (input.wait) await launched.done;
        return this.store.run(launched.runId) as NonNullable<ReturnType<JobStore['run']>>;
      },
      'jobs.cancel': async (input, context) => {
        const run = this.store.run(input.id);
        if (run === undefined) throw new ZervigoError('not_found', `no job run ${input.id}`);
        const live = this.running.get(run.job)?.get(input.id);
        if (live === undefined) throw new ZervigoError('conflict', `run #${input.id} of ${run.job} is not running (${run.outcome})`);
        live.execution.cancel('cancelled', `cancelled by ${context.actor}`);
        await live.done;
        return this.store.run(input.id) as NonNullable<ReturnType<JobStore['run']>>;
      },
      'jobs.trigger': async (input) => {
        const job = this.job(input.name);
        const secretName = job.on.webhook?.secret_env;
        const refuse = (message: string): never => {
          this.deps.audit.record({ actor: 'webhook', action: 'job.trigger', target: input.name, outcome: 'refused', message });
          throw new ZervigoError('unauthorized', message);
        };
        if (secretName === undefined) throw new ZervigoError('not_found', `job "${input.name}" has no webhook trigger (on: { webhook: { secret_env: NAME } })`);
        const secret = this.deps.env(secretName);
        if (secret === undefined || secret === '') throw new ZervigoError('unavailable', `the webhook secret variable ${secretName} is not set`);
        const problem = this.verifier.check(secret, input);
        if (problem !== null) refuse(problem);
        const launched = this.launch(input.name, { trigger: 'webhook', actor: 'webhook', env: { ZERVIGO_WEBHOOK_BODY: input.body.slice(0, 64 * 1024) } });
        return this.store.summary(launched.runId) as JobRunSummary;
      },
      'backups.list': async (input) => {
        this.job(input.name);
        return this.backups.list(input.name).map(({ baseDir: _base, ...view }) => view);
      },
      'backups.restore': async (input, context) => {
        const job = this.job(input.name);
        const backup = stepsOf(job).find((step) => step.backup !== undefined)?.backup;
        if (backup === undefined) throw new ZervigoError('invalid_input', `job "${input.name}" makes no backups`);
        const record = input.id === undefined ? this.backups.list(input.name)[0] : this.backups.get(input.name, input.id);
        if (record === undefined)
          throw new ZervigoError(
            'not_found',
            input.id === undefined ? `job "${input.name}" has no backups yet` : `no backup ${input.id} of job "${input.name}"`,
          );
        const environment = this.workspace?.environment ?? null;
        if (
          environment !== null &&
          this.workspace?.config.environments[environment]?.confirm_destructive === true &&
          !input.confirm &&
          context.transport !== 'internal'
        ) {
          throw new ZervigoError(
            'confirmation_required',
            `${environment} asks for confirmation before restoring backup ${record.id} of ${input.name} over the current files: send "confirm": true`,
            { environment },
          );
        }
        const auditId = this.deps.audit.begin({
          actor: context.actor,
          action: 'backup.restore',
          target: input.name,
          details: { backup: record.id, file: record.file },
        });
        try {
          const message = await restoreBackup(record, backup, {
            cwd: this.workspace?.dir ?? process.cwd(),
            runProcess: this.deps.runProcess,
            timeoutMs: job.timeout,
          });
          this.deps.audit.finish(auditId, 'ok', message);
          const { baseDir: _base, ...view } = record;
          return { backup: view, message };
        } catch (error) {
          this.deps.audit.finish(auditId, 'failed', (error as Error).message);
          throw error;
        }
      },
    };
  }
}

/** What a job's last fire time is kept under: a changed schedule or zone starts afresh. */
function scheduleKey(job: JobConfig): string {
  return `${job.schedule ?? ''}@${job.timezone ?? ''}`;
}
