import { z } from 'zod';
import type { AutomationState, BackupView, JobOutputChunk, JobRunSummary, JobRunView, JobView } from '../types/jobs';
import { NoInput } from './app';
import { command, event, returns } from './define';

const jobName = z.string().min(1, 'a job name is empty').max(200);
/** A signed call from outside (a CI, a git server): the raw body, and the two headers that sign it. */
export const SignedCall = z.strictObject({
  signature: z.string().max(200).default(''),
  timestamp: z.string().max(40).default(''),
  body: z.string().max(1_000_000).default(''),
});

export const automationCommands = {
  'jobs.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<JobView[]>(),
    rest: 'GET /jobs',
    summary: "The workspace's jobs: schedules with their next runs, triggers, the last run",
  }),
  'jobs.runs': command({
    permission: 'view',
    input: z.strictObject({ name: jobName, limit: z.coerce.number().int().min(1).max(1000).default(50) }),
    output: returns<JobRunSummary[]>(),
    rest: 'GET /jobs/:name/runs',
    summary: "A job's runs, newest first",
  }),
  'jobs.run.get': command({
    permission: 'view',
    input: z.strictObject({ id: z.coerce.number().int().positive() }),
    output: returns<JobRunView>(),
    rest: 'GET /jobs/runs/:id',
    summary: "One run with each step's outcome, duration and output",
  }),
  'jobs.run': command({
    permission: 'operate',
    input: z.strictObject({ name: jobName, dryRun: z.boolean().default(false), confirm: z.boolean().default(false), wait: z.boolean().default(false) }),
    output: returns<JobRunView>(),
    rest: 'POST /jobs/:name/run',
    summary: 'Run a job now (dryRun: only record what it would do); wait: answer when it has finished',
  }),
  'jobs.cancel': command({
    permission: 'operate',
    input: z.strictObject({ id: z.coerce.number().int().positive() }),
    output: returns<JobRunView>(),
    rest: 'POST /jobs/runs/:id/cancel',
    summary: 'Stop a running run (its process group is killed)',
  }),
  'jobs.trigger': command({
    permission: 'operate',
    input: SignedCall.extend({ name: jobName }),
    output: returns<JobRunSummary>(),
    summary: 'A signed webhook starts a job (X-Zervigo-Signature: sha256=HMAC(secret, "<timestamp>.<body>"), X-Zervigo-Timestamp within 5 minutes)',
  }),
  'backups.list': command({
    permission: 'view',
    input: z.strictObject({ name: jobName }),
    output: returns<BackupView[]>(),
    rest: 'GET /backups/:name',
    summary: "A backup job's kept backups, newest first",
  }),
  'backups.restore': command({
    permission: 'operate',
    input: z.strictObject({ name: jobName, id: z.coerce.number().int().positive().optional(), confirm: z.boolean().default(false) }),
    output: returns<{ backup: BackupView; message: string }>(),
    rest: 'POST /backups/:name/restore',
    summary: 'Restore a backup (the newest unless id), after checking its SHA-256',
  }),
  'automation.get': command({
    permission: 'view',
    input: NoInput,
    output: returns<AutomationState>(),
    rest: 'GET /automation',
    summary: 'Whether automation (jobs, rule actions, deploys by poll or webhook) is paused',
  }),
  'automation.setPaused': command({
    permission: 'operate',
    input: z.strictObject({ paused: z.boolean(), reason: z.string().max(500).optional() }),
    output: returns<AutomationState>(),
    rest: 'POST /automation',
    summary: 'Pause or resume automation (crash healing goes on)',
  }),
};

export const automationEvents = {
  'jobs.changed': event<JobRunSummary>('A job run started, moved on to a step or finished', 'view'),
  'jobs.output': event<JobOutputChunk>('A running step wrote output', 'view'),
  'automation.changed': event<AutomationState>('Automation was paused or resumed', 'view'),
};
