import { Cron } from 'croner';
import { z } from 'zod';
import { kindsAsOneOf, exactlyOneOf } from './one-of';
import { byteSize, commandLine, duration, envValue, name } from './primitives';

/**
 * Cron in the workspace: five fields (minute first) or six (seconds first), with @hourly and
 * friends; checked with croner — the library that runs it — so a pattern that loads also fires.
 */
export const cronPattern = z
  .string()
  .min(1, 'the schedule is empty')
  .check((ctx) => {
    const problem = cronProblem(ctx.value, undefined);
    if (problem !== null) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
  })
  .meta({ title: 'cron: "m h dom mon dow", or "s m h dom mon dow" with seconds; @hourly, @daily…', examples: ['0 3 * * *', '*/30 * * * * *', '@hourly'] });

/** A cron pattern's problem in words, or null. The time zone is checked by asking for a next run in it. */
export function cronProblem(pattern: string, timezone: string | undefined): string | null {
  try {
    const cron = new Cron(pattern, { paused: true, timezone });
    cron.nextRun();
    return null;
  } catch (error) {
    const message = (error as Error).message.replace(/^Cron\w*:\s*/, '');
    if (timezone !== undefined && /timezone/i.test(message)) return `"${timezone}" is not a time zone; write an IANA name like Europe/Berlin or UTC`;
    return `"${pattern}" is not a cron schedule (${message}); write e.g. "0 3 * * *" (03:00 daily) or "*/10 * * * * *" (every 10 s)`;
  }
}

const serviceList = z.union([name, z.array(name).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

export const stepKindDescriptions = {
  exec: 'Run a command (argv; a shell only with shell: true) in the workspace folder; killed with its process group at the timeout.',
  http: 'Send an HTTP request and expect a status.',
  service: 'Start, stop or restart services ({ restart: [api] }); counts against the blast radius.',
  notify: 'Send a message to notification channels.',
  job: 'Run another job and wait for it.',
  cleanup: 'Delete or gzip files matching globs: older than an age, or until free disk is back above a threshold.',
  backup: "Archive paths (tar.gz) or save a dump command's output; keep N, each verified by SHA-256.",
  housekeeping: "Zervigo's own upkeep: prune old job runs and deploys, checkpoint and optimise its database.",
} as const;

const httpStepSchema = z.union([
  z.url().transform((url) => ({ url, method: 'GET' as const, headers: {}, body: undefined as string | undefined, expect_status: [] as number[] })),
  z.strictObject({
    url: z.url().describe('The URL.'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET').describe('The method.'),
    headers: z.record(z.string(), z.string()).default({}).describe('Request headers.'),
    body: z.string().optional().describe('The request body.'),
    expect_status: z.array(z.number().int().min(100).max(599)).default([]).describe('Statuses that pass (default: any 2xx).'),
  }),
]);

const serviceStepSchema = z
  .strictObject({
    start: serviceList.optional().describe('Services to start (with their dependencies first).'),
    stop: serviceList.optional().describe('Services to stop.'),
    restart: serviceList.optional().describe('Services to restart.'),
  })
  .check(exactlyOneOf(['start', 'stop', 'restart'], 'a service step'));

const notifyStepSchema = z.strictObject({
  channels: z
    .union([name, z.array(name).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .describe('The channels (under channels:).'),
  title: z.string().optional().describe('The title (default: "<job>: <outcome so far>").'),
  message: z.string().default('').describe('The text.'),
});

/** "10%" of the filesystem, or an absolute size: how much free space a cleanup brings back. */
const freeTarget = z.union([
  z
    .string()
    .regex(/^\s*\d+(?:\.\d+)?\s*%\s*$/)
    .transform((text) => ({ percent: Number(text.replace('%', '').trim()) }))
    .meta({ title: 'a percentage of the filesystem, e.g. 20%' }),
  byteSize.transform((bytes) => ({ bytes })),
]);

export const cleanupSchema = z
  .strictObject({
    paths: z
      .array(z.string().min(1))
      .min(1, 'name at least one glob')
      .describe('Globs of files to clean (relative to the workspace file), e.g. ./logs/**/*.log.'),
    older_than: duration.optional().describe('Only files not modified for this long.'),
    free_above: freeTarget.optional().describe('Stop once the filesystem has this much free (e.g. 20% or 5GB); without it every matching file is cleaned.'),
    order: z.enum(['oldest', 'largest']).default('oldest').describe('Which files go first.'),
    action: z.enum(['delete', 'gzip']).default('delete').describe('Delete the files, or compress each to .gz beside it.'),
    keep: z.number().int().min(0).default(0).describe('Always keep this many of the newest matching files.'),
  })
  .check((ctx) => {
    if (ctx.value.older_than === undefined && ctx.value.free_above === undefined)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: 'a cleanup needs older_than, free_above or both, so it never empties a folder by accident',
      });
  });

export const backupSchema = z
  .strictObject({
    paths: z.array(z.string().min(1)).min(1).optional().describe('Files and folders to archive (tar.gz), relative to the workspace file.'),
    command: commandLine.optional().describe('A dump command whose standard output is the backup (e.g. [pg_dump, app]).'),
    restore: commandLine.optional().describe('For a command backup: the command that reads a backup on its standard input to restore it.'),
    verify: commandLine
      .optional()
      .describe('A command that reads the new backup on its standard input and exits 0 when it is good (beside the SHA-256 check).'),
    to: z.string().min(1).describe('The folder backups are written to (relative to the workspace file).'),
    keep: z.number().int().min(1).default(7).describe('How many verified backups are kept; older ones are deleted.'),
    gzip: z.boolean().default(true).describe("Compress a command's output."),
  })
  .check(exactlyOneOf(['paths', 'command'], 'a backup'));

export const housekeepingSchema = z.strictObject({
  vacuum: z.boolean().default(false).describe('Also VACUUM the database (gives space back to the disk; blocks the engine while it runs).'),
  deploys: z.number().int().min(1).default(200).describe('Deploy records kept per service.'),
});

const stepKinds = Object.keys(stepKindDescriptions) as (keyof typeof stepKindDescriptions)[];

export const stepSchema = z
  .strictObject({
    name: z.string().min(1).max(100).optional().describe("A name for the step in the run's history (default: what it does)."),
    exec: commandLine.optional().describe(stepKindDescriptions.exec),
    shell: z.boolean().default(false).describe('exec: run through /bin/sh -c.'),
    env: z.record(z.string(), envValue).default({}).describe('exec: extra environment variables.'),
    http: httpStepSchema.optional().describe(stepKindDescriptions.http),
    service: serviceStepSchema.optional().describe(stepKindDescriptions.service),
    notify: notifyStepSchema.optional().describe(stepKindDescriptions.notify),
    job: name.optional().describe(stepKindDescriptions.job),
    cleanup: cleanupSchema.optional().describe(stepKindDescriptions.cleanup),
    backup: backupSchema.optional().describe(stepKindDescriptions.backup),
    housekeeping: housekeepingSchema.optional().describe(stepKindDescriptions.housekeeping),
    timeout: duration.prefault('10m').describe('How long one attempt of the step may take; an exec is killed with its process group.'),
    retries: z.number().int().min(0).max(100).default(0).describe('Attempts after the first when the step fails.'),
    retry_delay: duration.prefault('1s').describe('The wait between attempts.'),
  })
  .check(exactlyOneOf(stepKinds, 'a step'))
  .meta(kindsAsOneOf(stepKindDescriptions));

const serviceEvent = z.enum(['up', 'running', 'pending', 'down', 'restarting', 'starting', 'waiting', 'stopping', 'stopped', 'given_up']);

const triggersSchema = z.strictObject({
  alerts: z.array(z.string().min(1)).default([]).describe('Run when one of these alerts (by alertname) starts firing.'),
  services: z
    .record(name, z.array(serviceEvent).min(1))
    .default({})
    .describe('Run when a service reaches one of these states, e.g. { api: [down, given_up] }.'),
  webhook: z
    .strictObject({
      secret_env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .describe('The environment variable holding the HMAC-SHA256 secret.'),
    })
    .optional()
    .describe(
      'Allow POST /api/v1/jobs/<name>/trigger, signed with the secret (X-Zervigo-Signature: sha256=<hex> over "<timestamp>.<body>", X-Zervigo-Timestamp).',
    ),
});

export const jobSchema = z
  .strictObject({
    description: z.string().optional().describe('What the job is for.'),
    schedule: cronPattern.optional().describe('When it runs: cron, minute first ("0 3 * * *") or with seconds first ("*/10 * * * * *").'),
    timezone: z.string().min(1).optional().describe("The IANA time zone the schedule is read in (default: the machine's)."),
    on: triggersSchema.prefault({}).describe('Other triggers: alerts that fire, service states, a signed webhook.'),
    steps: z.array(stepSchema).default([]).describe('What it does, in order; the first failure ends the run (after its retries).'),
    cleanup: cleanupSchema.optional().describe(`Shorthand for one cleanup step. ${stepKindDescriptions.cleanup}`),
    backup: backupSchema.optional().describe(`Shorthand for one backup step. ${stepKindDescriptions.backup}`),
    housekeeping: housekeepingSchema.optional().describe(`Shorthand for one housekeeping step. ${stepKindDescriptions.housekeeping}`),
    rollback: z.array(stepSchema).default([]).describe('Steps run, in order, when a step fails.'),
    timeout: duration.prefault('1h').describe('How long a whole run may take; what runs then is stopped.'),
    retries: z.number().int().min(0).max(100).default(0).describe('Runs again from the first step this many times when a run fails.'),
    concurrency: z
      .enum(['forbid', 'replace', 'allow'])
      .default('forbid')
      .describe('A trigger while it runs: skipped (forbid), stops the running one (replace), or runs beside it (allow).'),
    catch_up: z
      .enum(['none', 'one', 'all'])
      .default('one')
      .describe('Scheduled runs missed while Zervigo was not running: none, one run at start, or each of them (at most 100).'),
    history: z.number().int().min(1).max(10_000).default(50).describe("Runs kept, with their steps' output."),
    max_services: z.number().int().min(0).default(3).describe('Blast radius: at most this many services started, stopped or restarted by one run.'),
    dry_run: z.boolean().default(false).describe('Every run only records what it would do.'),
  })
  .check((ctx) => {
    const job = ctx.value;
    const shorthands = (['cleanup', 'backup', 'housekeeping'] as const).filter((key) => job[key] !== undefined);
    if (shorthands.length > 1)
      ctx.issues.push({ code: 'custom', input: job, message: `a job has one shorthand kind; this one has ${shorthands.join(' and ')}` });
    if (shorthands.length === 1 && job.steps.length > 0)
      ctx.issues.push({
        code: 'custom',
        input: job,
        path: ['steps'],
        message: `${shorthands[0]}: is shorthand for the steps; write it as a step in steps: instead`,
      });
    if (shorthands.length === 0 && job.steps.length === 0)
      ctx.issues.push({ code: 'custom', input: job, message: 'a job needs steps: (or one of cleanup:, backup:, housekeeping:)' });
    if (job.schedule !== undefined && job.timezone !== undefined) {
      const problem = cronProblem(job.schedule, job.timezone);
      if (problem !== null) ctx.issues.push({ code: 'custom', input: job.timezone, path: ['timezone'], message: problem });
    }
  });

export type JobConfig = z.infer<typeof jobSchema>;
export type StepConfig = z.infer<typeof stepSchema>;
export type CleanupConfig = z.infer<typeof cleanupSchema>;
export type BackupConfig = z.infer<typeof backupSchema>;

/** The steps a job runs: its own, or the one its shorthand kind stands for. */
export function stepsOf(job: JobConfig): StepConfig[] {
  const base = { shell: false, env: {}, timeout: job.timeout, retries: 0, retry_delay: 1_000 };
  if (job.cleanup !== undefined) return [{ ...base, cleanup: job.cleanup }];
  if (job.backup !== undefined) return [{ ...base, backup: job.backup }];
  if (job.housekeeping !== undefined) return [{ ...base, housekeeping: job.housekeeping }];
  return job.steps;
}
