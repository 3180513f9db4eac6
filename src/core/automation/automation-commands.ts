import type { automationCommands } from '../../shared/contract/automation';
import { principalOf, type CallContext, type HandlersOf } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import type { JobRunSummary, JobTrigger, JobView } from '../../shared/types/jobs';
import type { Clock } from '../clock';
import { stepsOf, type JobConfig, type StepConfig, type WorkspaceConfig } from '../config/schema';
import type { AutomationPause } from './automation-pause';
import type { JobStore } from './job-store';
import { restoreBackup } from './maintenance/backup-restore';
import type { BackupStore } from './maintenance/backup-store';
import type { AuditPort, ProcessRunner } from './ports';
import { entryOf } from './steps/registry';
import { WebhookVerifier } from './webhook-signature';

export type JobHandlers = Pick<
  HandlersOf<typeof automationCommands>,
  'jobs.list' | 'jobs.runs' | 'jobs.run.get' | 'jobs.run' | 'jobs.cancel' | 'jobs.trigger' | 'backups.list' | 'backups.restore'
>;

/** What the job commands read and start (the AutomationModule). */
export interface JobsPart {
  readonly store: JobStore;
  readonly backups: BackupStore;
  current(): { config: Pick<WorkspaceConfig, 'jobs' | 'environments'>; environment: string | null; dir: string } | null;
  views(): JobView[];
  job(name: string): JobConfig;
  launch(
    name: string,
    options: { trigger: JobTrigger; actor: string; dryRun?: boolean; env?: Record<string, string> },
  ): { runId: number; done: Promise<JobRunSummary> };
  liveRun(job: string, runId: number): { execution: { cancel(outcome: 'cancelled', message: string): void }; done: Promise<JobRunSummary> } | undefined;
}

export interface JobHandlerDeps {
  clock: Clock;
  audit: AuditPort;
  /** Where webhook secrets come from. */
  env(name: string): string | undefined;
  runProcess: ProcessRunner;
}

/** Jobs, their runs and backups: run (with the shell permission for exec steps, confirmed where destructive), cancel, signed webhooks, restore. */
export function jobHandlers(jobs: JobsPart, deps: JobHandlerDeps): JobHandlers {
  const verifier = new WebhookVerifier(() => deps.clock.now());
  return {
    'jobs.list': async () => jobs.views(),
    'jobs.runs': async (input) => {
      jobs.job(input.name);
      return jobs.store.runs(input.name, input.limit);
    },
    'jobs.run.get': async (input) => {
      const run = jobs.store.run(input.id);
      if (run === undefined) throw new ZervigoError('not_found', `no job run ${input.id}`);
      return run;
    },
    'jobs.run': async (input, context) => {
      const job = jobs.job(input.name);
      mayRunCommands(jobs, deps.audit, input.name, job, input.dryRun, context);
      confirmDestructive(jobs, deps.audit, input.name, job, input.confirm, input.dryRun, context);
      const launched = jobs.launch(input.name, { trigger: 'manual', actor: context.actor, dryRun: input.dryRun });
      if (input.wait) await launched.done;
      return jobs.store.run(launched.runId) as NonNullable<ReturnType<JobStore['run']>>;
    },
    'jobs.cancel': async (input, context) => {
      const run = jobs.store.run(input.id);
      if (run === undefined) throw new ZervigoError('not_found', `no job run ${input.id}`);
      const live = jobs.liveRun(run.job, input.id);
      if (live === undefined) throw new ZervigoError('conflict', `run #${input.id} of ${run.job} is not running (${run.outcome})`);
      live.execution.cancel('cancelled', `cancelled by ${context.actor}`);
      await live.done;
      return jobs.store.run(input.id) as NonNullable<ReturnType<JobStore['run']>>;
    },
    'jobs.trigger': async (input) => {
      const job = jobs.job(input.name);
      const secretName = job.on.webhook?.secret_env;
      const refuse = (message: string): never => {
        deps.audit.record({ actor: 'webhook', action: 'job.trigger', target: input.name, outcome: 'refused', message });
        throw new ZervigoError('unauthorized', message);
      };
      if (secretName === undefined) throw new ZervigoError('not_found', `job "${input.name}" has no webhook trigger (on: { webhook: { secret_env: NAME } })`);
      const secret = deps.env(secretName);
      if (secret === undefined || secret === '') throw new ZervigoError('unavailable', `the webhook secret variable ${secretName} is not set`);
      const problem = verifier.check(secret, input);
      if (problem !== null) refuse(problem);
      const launched = jobs.launch(input.name, { trigger: 'webhook', actor: 'webhook', env: { ZERVIGO_WEBHOOK_BODY: input.body.slice(0, 64 * 1024) } });
      return jobs.store.summary(launched.runId) as JobRunSummary;
    },
    'backups.list': async (input) => {
      jobs.job(input.name);
      return jobs.backups.list(input.name).map(({ baseDir: _base, ...view }) => view);
    },
    'backups.restore': async (input, context) => {
      const job = jobs.job(input.name);
      const backup = stepsOf(job).find((step) => step.backup !== undefined)?.backup;
      if (backup === undefined) throw new ZervigoError('invalid_input', `job "${input.name}" makes no backups`);
      const record = input.id === undefined ? jobs.backups.list(input.name)[0] : jobs.backups.get(input.name, input.id);
      if (record === undefined)
        throw new ZervigoError('not_found', input.id === undefined ? `job "${input.name}" has no backups yet` : `no backup ${input.id} of job "${input.name}"`);
      const workspace = jobs.current();
      const environment = workspace?.environment ?? null;
      if (
        environment !== null &&
        workspace?.config.environments[environment]?.confirm_destructive === true &&
        !input.confirm &&
        context.transport !== 'internal'
      ) {
        throw new ZervigoError(
          'confirmation_required',
          `${environment} asks for confirmation before restoring backup ${record.id} of ${input.name} over the current files: send "confirm": true`,
          { environment },
        );
      }
      const auditId = deps.audit.begin({
        actor: context.actor,
        action: 'backup.restore',
        target: input.name,
        details: { backup: record.id, file: record.file },
      });
      try {
        const message = await restoreBackup(record, backup, {
          cwd: jobs.current()?.dir ?? process.cwd(),
          runProcess: deps.runProcess,
          timeoutMs: job.timeout,
        });
        deps.audit.finish(auditId, 'ok', message);
        const { baseDir: _base, ...view } = record;
        return { backup: view, message };
      } catch (error) {
        deps.audit.finish(auditId, 'failed', (error as Error).message);
        throw error;
      }
    },
  };
}

/** Exec steps run commands on this machine: a person starts such a job only with the shell permission (an admin); an operator may dry-run it. */
function mayRunCommands(jobs: JobsPart, audit: AuditPort, name: string, job: JobConfig, dryRun: boolean, context: CallContext): void {
  const principal = principalOf(context);
  if (dryRun || principal.permissions.has('shell')) return;
  // Through job steps too: a job that calls one with exec steps runs those commands.
  const seen = new Set<string>([name]);
  const all = (of: JobConfig): StepConfig[] =>
    [...stepsOf(of), ...of.rollback].flatMap((step) => {
      const called = step.job === undefined || seen.has(step.job) ? undefined : jobs.current()?.config.jobs[step.job];
      if (called === undefined) return [step];
      seen.add(step.job as string);
      return [step, ...all(called)];
    });
  const commands = all(job).filter((step) => step.exec !== undefined || step.backup?.command !== undefined);
  if (commands.length === 0) return;
  const message = `${principal.name} may not run ${name}: it runs commands on this machine (${commands.map((step) => entryOf(step).describe(step)).join('; ')}), which needs an admin (the shell permission); a dry run is allowed`;
  audit.record({ actor: context.actor, action: 'job.run', target: name, outcome: 'refused', message });
  throw new ZervigoError('forbidden', message, { permission: 'shell' });
}

/** In a confirm_destructive environment a person confirms a job that stops services or deletes files. */
function confirmDestructive(jobs: JobsPart, audit: AuditPort, name: string, job: JobConfig, confirm: boolean, dryRun: boolean, context: CallContext): void {
  const workspace = jobs.current();
  const environment = workspace?.environment ?? null;
  if (environment === null || workspace?.config.environments[environment]?.confirm_destructive !== true) return;
  if (confirm || dryRun || context.transport === 'internal') return;
  const destructive = stepsOf(job).filter((step) => entryOf(step).destructive(step));
  if (destructive.length === 0) return;
  const message = `${environment} asks for confirmation before running ${name} (${destructive.map((step) => entryOf(step).describe(step)).join('; ')}): send "confirm": true (the console asks)`;
  audit.record({ actor: context.actor, action: 'job.run', target: name, outcome: 'refused', message });
  throw new ZervigoError('confirmation_required', message, { environment, job: name });
}

type PauseHandlers = Pick<HandlersOf<typeof automationCommands>, 'automation.get' | 'automation.setPaused'>;

/** The "pause automation" switch (header, tray, API): who flipped it and why, audited. */
export function automationPauseHandlers(pause: AutomationPause, audit: AuditPort): PauseHandlers {
  return {
    'automation.get': async () => pause.get(),
    'automation.setPaused': async (input, context) => {
      const before = pause.get().paused;
      const state = pause.set(input.paused, context.actor, input.reason ?? null);
      if (before !== input.paused)
        audit.record({
          actor: context.actor,
          action: input.paused ? 'automation.pause' : 'automation.resume',
          target: 'automation',
          outcome: 'ok',
          message: input.reason ?? null,
        });
      return state;
    },
  };
}
