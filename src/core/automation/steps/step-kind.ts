import type { z } from 'zod';
import type { StepConfig } from '../../config/schema';
import type { BackupStore } from '../maintenance/backup-store';
import type { Notifier, ProcessRunner, ServiceControl } from '../ports';

/** What a step can reach while it runs: the ports, its run's limits, and where to write. */
export interface StepContext {
  job: string;
  runId: number;
  /** Who the run acts as: a person, "schedule", "alert:DiskLow"… */
  actor: string;
  /** The workspace folder: relative paths and exec steps start here. */
  cwd: string;
  /** Only say what would be done, exactly, and do nothing. */
  dryRun: boolean;
  /** Aborted at the step's timeout, the run's timeout, a cancel or a replace. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Variables for exec steps (ZERVIGO_JOB, ZERVIGO_RUN, ZERVIGO_TRIGGER…). */
  env: Record<string, string>;
  now(): number;
  output: (text: string) => void;
  /** Counts services against the run's blast radius; throws (refusing the step) past it. */
  touchServices(services: string[]): void;
  runProcess: ProcessRunner;
  services: ServiceControl;
  notifier: Notifier;
  backups: BackupStore;
  /** Runs another job to its end (a `job:` step). */
  runJob(name: string): Promise<{ ok: boolean; message: string }>;
  /** Zervigo's own upkeep (a `housekeeping:` step). */
  housekeeping: (options: { vacuum: boolean; deploys: number; dryRun: boolean }) => Promise<string>;
}

export interface StepResult {
  ok: boolean;
  message: string;
  timedOut?: boolean;
}

/**
 * One kind of step, as a registry entry: its part of the step schema, a short description of a
 * configured step for the run's history, and how it runs (or, in a dry run, says exactly what it
 * would do). `destructive` marks steps a confirm_destructive environment asks a person about.
 */
export interface StepKind<C = unknown> {
  kind: string;
  schema: z.ZodType;
  describe(config: C): string;
  destructive(config: C): boolean;
  run(config: C, context: StepContext): Promise<StepResult>;
}

/** The kind keys of a step, as the schema defines them. */
export type StepKindName = 'exec' | 'http' | 'service' | 'notify' | 'job' | 'cleanup' | 'backup' | 'housekeeping';

export type KindConfig<K extends StepKindName> = NonNullable<StepConfig[K]>;
