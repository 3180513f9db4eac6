import type { JobRunOutcome, JobTrigger, StepOutcome } from '../../shared/types/jobs';
import { formatDuration } from '../../shared/duration';
import type { Clock, TimerHandle } from '../clock';
import type { JobConfig, StepConfig } from '../config/schema';
import { KEEP_OUTPUT_CHARS, type JobStore } from './job-store';
import { entryOf, kindOf, stepName } from './steps/registry';
import type { StepContext, StepResult } from './steps/step-kind';

/** What a step gets from the module (the ports), beside what the run itself provides. */
export type StepServices = Pick<StepContext, 'runProcess' | 'services' | 'notifier' | 'backups' | 'housekeeping'>;

export interface RunRequest {
  job: string;
  config: JobConfig;
  steps: StepConfig[];
  trigger: JobTrigger;
  actor: string;
  dryRun: boolean;
  scheduledFor: number | null;
  /** Jobs calling jobs: how deep this one is. */
  depth: number;
  /** Extra variables for exec steps (the alert's labels, the webhook's body). */
  env: Record<string, string>;
}

export interface RunEnd {
  outcome: JobRunOutcome;
  message: string;
}

export interface ExecutionDeps {
  clock: Clock;
  store: JobStore;
  cwd: string;
  services: StepServices;
  emitRun(runId: number): void;
  emitOutput(runId: number, step: number, phase: 'steps' | 'rollback', text: string): void;
  runJob(name: string, parent: RunRequest): Promise<{ ok: boolean; message: string }>;
}

class BlastRadiusError extends Error {}

/** How often a running step's output is written to the store (live viewers get every chunk as an event). */
const OUTPUT_FLUSH_MS = 250;

/**
 * One run of a job: its steps in order, each with its timeout and retries; the first step that
 * still fails ends the run and the job's rollback steps run; the run's own timeout or a cancel
 * stops whatever runs (an exec's whole process group). Every step's outcome, attempts, timings
 * and output go to the store as they happen.
 */
export class RunExecution {
  private readonly controller = new AbortController();
  private stopReason: { outcome: JobRunOutcome; message: string } | null = null;
  private readonly touched = new Set<string>();

  constructor(
    readonly runId: number,
    readonly request: RunRequest,
    private readonly deps: ExecutionDeps,
  ) {}

  /** Stops the run: a cancel by a person, a replace, or the engine stopping. */
  cancel(outcome: JobRunOutcome, message: string): void {
    if (this.stopReason === null) this.stopReason = { outcome, message };
    this.controller.abort();
  }

  async execute(): Promise<RunEnd> {
    const { store, clock } = this.deps;
    const { config, steps } = this.request;
    store.planSteps(
      this.runId,
      'steps',
      steps.map((step) => ({ name: stepName(step), kind: kindOf(step) })),
    );
    this.deps.emitRun(this.runId);
    const runTimer: TimerHandle = clock.setTimeout(() => this.cancel('timed_out', `the run timed out after ${formatDuration(config.timeout)}`), config.timeout);
    let end: RunEnd;
    try {
      end = await this.runSteps(steps);
    } finally {
      runTimer.cancel();
    }
    if (end.outcome === 'failed' || end.outcome === 'timed_out') {
      if (config.rollback.length > 0) end = { ...end, message: `${end.message}; ${await this.rollback(config.rollback)}` };
    }
    return end;
  }

  private async runSteps(steps: StepConfig[]): Promise<RunEnd> {
    for (const [index, step] of steps.entries()) {
      if (this.stopReason !== null) {
        this.skipRest(index, steps.length);
        return { ...this.stopReason };
      }
      const result = await this.runStep(step, index, 'steps', this.controller.signal);
      const stopped = this.stopped();
      if (stopped !== null) {
        this.skipRest(index + 1, steps.length);
        return { outcome: stopped.outcome, message: `${stopped.message} (in step ${index + 1}, ${stepName(step)})` };
      }
      if (!result.ok) {
        this.skipRest(index + 1, steps.length);
        return { outcome: result.timedOut ? 'timed_out' : 'failed', message: `step ${index + 1} (${stepName(step)}) failed: ${result.message}` };
      }
    }
    if (this.request.dryRun) return { outcome: 'dry_run', message: `dry run: ${steps.length} step${steps.length === 1 ? '' : 's'} would run` };
    return { outcome: 'succeeded', message: `${steps.length} step${steps.length === 1 ? '' : 's'} succeeded` };
  }

  /** Read through a method: it changes while a step is awaited. */
  private stopped(): { outcome: JobRunOutcome; message: string } | null {
    return this.stopReason;
  }

  private skipRest(from: number, count: number): void {
    for (let index = from; index < count; index += 1)
      this.deps.store.updateStep(this.runId, 'steps', index, { outcome: 'skipped', message: 'not run: an earlier step did not succeed' });
  }

  /** The rollback steps each run once, whatever happens to one of them, on a signal of their own. */
  private async rollback(steps: StepConfig[]): Promise<string> {
    this.deps.store.planSteps(
      this.runId,
      'rollback',
      steps.map((step) => ({ name: stepName(step), kind: kindOf(step) })),
    );
    this.deps.emitRun(this.runId);
    let failed = 0;
    for (const [index, step] of steps.entries()) {
      const result = await this.runStep(step, index, 'rollback', new AbortController().signal);
      if (!result.ok) failed += 1;
    }
    return failed === 0 ? `rolled back (${steps.length} step${steps.length === 1 ? '' : 's'})` : `rollback: ${failed} of ${steps.length} steps failed`;
  }

  private async runStep(step: StepConfig, index: number, phase: 'steps' | 'rollback', signal: AbortSignal): Promise<StepResult> {
    const { store, clock } = this.deps;
    const entry = entryOf(step);
    let output = '';
    let flushTimer: TimerHandle | null = null;
    const flush = (): void => {
      flushTimer?.cancel();
      flushTimer = null;
      store.updateStep(this.runId, phase, index, { output });
    };
    const context: StepContext = {
      job: this.request.job,
      runId: this.runId,
      actor: this.request.actor === 'schedule' ? `job:${this.request.job}` : this.request.actor,
      cwd: this.deps.cwd,
      dryRun: this.request.dryRun,
      signal,
      timeoutMs: step.timeout,
      env: {
        ...this.request.env,
        ZERVIGO_JOB: this.request.job,
        ZERVIGO_RUN: String(this.runId),
        ZERVIGO_TRIGGER: this.request.trigger,
        ZERVIGO_DRY_RUN: this.request.dryRun ? '1' : '0',
      },
      now: () => clock.now(),
      output: (text) => {
        output = (output + text).slice(-KEEP_OUTPUT_CHARS);
        this.deps.emitOutput(this.runId, index, phase, text);
        flushTimer ??= clock.setTimeout(flush, OUTPUT_FLUSH_MS);
      },
      touchServices: (services) => {
        for (const service of services) this.touched.add(service);
        const limit = this.request.config.max_services;
        if (this.touched.size > limit)
          throw new BlastRadiusError(
            `blast radius: this run would touch ${this.touched.size} services (${[...this.touched].join(', ')}), more than max_services: ${limit}`,
          );
      },
      runJob: (name) => this.deps.runJob(name, this.request),
      ...this.deps.services,
    };
    const startedAt = clock.now();
    store.updateStep(this.runId, phase, index, { outcome: 'running', startedAt, attempts: 0 });
    this.deps.emitRun(this.runId);
    let result: StepResult = { ok: false, message: 'not run' };
    const attempts = 1 + step.retries;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      store.updateStep(this.runId, phase, index, { attempts: attempt });
      if (attempt > 1) context.output(`--- attempt ${attempt} of ${attempts} ---\n`);
      try {
        result = await entry.run(step, context);
      } catch (error) {
        result = { ok: false, message: (error as Error).message };
        // A refusal is not a fault that trying again would fix.
        if (error instanceof BlastRadiusError) break;
      }
      if (result.ok || signal.aborted || attempt === attempts) break;
      context.output(`attempt ${attempt} failed: ${result.message}\n`);
      await new Promise<void>((resolve) => {
        const timer = clock.setTimeout(resolve, step.retry_delay);
        signal.addEventListener('abort', () => (timer.cancel(), resolve()), { once: true });
      });
    }
    flush();
    const outcome: StepOutcome =
      signal.aborted && !result.ok ? 'cancelled' : result.ok ? (this.request.dryRun ? 'dry_run' : 'succeeded') : result.timedOut ? 'timed_out' : 'failed';
    store.updateStep(this.runId, phase, index, { outcome, finishedAt: clock.now(), message: result.message });
    this.deps.emitRun(this.runId);
    return result;
  }
}
