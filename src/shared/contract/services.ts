import { z } from 'zod';
import type { AuditEntry, OperationProgress, OperationResult, StartPlan } from '../types/operate';
import type { EnvVariable, ServiceEnvironment, ServiceView } from '../types/service';
import { NoInput } from './app';
import { command, event, returns } from './define';
import { ServiceName, ServiceNames } from './service-names';

/** The services part's contract: the list, control (start/stop/restart/plan), env and the audit log. */
export const serviceCommands = {
  'services.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<ServiceView[]>(),
    rest: 'GET /services',
    summary: 'Every service of the workspace with its state',
  }),
};

export const serviceEvents = {
  'services.changed': event<ServiceView[]>('The set of services or a state changed', 'view'),
};

const Targets = z.strictObject({
  services: ServiceNames.default([]),
  /** In an environment with confirm_destructive, stop and restart need this. */
  confirm: z.boolean().default(false),
  /** The caller's id for the operation, to follow its progress events (e.g. a batch step). */
  operation: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an operation id is 1-64 letters, digits, "-" or "_"')
    .optional(),
});

const AuditQuery = z.strictObject({
  target: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['running', 'ok', 'failed', 'refused', 'dry_run', 'skipped', 'interrupted']).optional(),
  operation: z.string().max(100).optional(),
  since: z.coerce.number().int().nonnegative().optional(),
  /** Entries with an id below this one: the next page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const operateCommands = {
  'services.start': command({
    permission: 'operate',
    input: Targets.optional().default({ services: [], confirm: false }),
    output: returns<OperationResult>(),
    rest: 'POST /services/start',
    summary: 'Start services (empty: all) in dependency order, each once its dependencies are ready',
  }),
  'services.stop': command({
    permission: 'operate',
    input: Targets.optional().default({ services: [], confirm: false }),
    output: returns<OperationResult>(),
    rest: 'POST /services/stop',
    summary: 'Stop services (empty: all) in reverse dependency order: SIGTERM, grace, SIGKILL',
  }),
  'services.restart': command({
    permission: 'operate',
    input: Targets.optional().default({ services: [], confirm: false }),
    output: returns<OperationResult>(),
    rest: 'POST /services/restart',
    summary: 'Stop, then start again in dependency order',
  }),
  'services.reset': command({
    permission: 'operate',
    input: z.strictObject({ services: ServiceNames.default([]), operation: Targets.shape.operation }),
    output: returns<OperationResult>(),
    rest: 'POST /services/reset',
    summary: 'Forget the failures of given-up services and start them again',
  }),
  'services.scale': command({
    permission: 'operate',
    input: z.strictObject({
      service: ServiceName,
      replicas: z.coerce
        .number({ error: 'replicas is a whole number of replicas, e.g. 3' })
        .int('replicas is a whole number of replicas, e.g. 3')
        .min(1, 'a replicated service runs at least 1 replica')
        .max(64, 'a service runs at most 64 replicas'),
      /** Why, for the audit log (default: scaled by hand). */
      reason: z.string().trim().min(1).max(500).optional(),
      /** In an environment with confirm_destructive, scaling down (stopping replicas) needs this. */
      confirm: z.boolean().default(false),
    }),
    output: returns<OperationResult>(),
    rest: 'POST /services/:service/scale',
    summary: 'Run a replicated service as N replicas (within its scale: min..max): new ones started and ready, the highest stopped; kept across restarts',
  }),
  'services.restartReplica': command({
    permission: 'operate',
    input: z.strictObject({
      service: ServiceName,
      replica: z.coerce.number({ error: 'replica is a number, 1..N' }).int('replica is a whole number, 1..N').min(1, 'replicas are numbered from 1'),
      confirm: z.boolean().default(false),
    }),
    output: returns<OperationResult>(),
    rest: 'POST /services/:service/replicas/:replica/restart',
    summary: 'Restart one replica of a replicated service (the others keep answering)',
  }),
  'services.plan': command({
    permission: 'view',
    input: z
      .strictObject({ services: ServiceNames.default([]) })
      .optional()
      .default({ services: [] }),
    output: returns<StartPlan>(),
    rest: 'GET /services/plan',
    summary: 'The start order (levels), or the cycles and missing dependencies that prevent it',
  }),
  'services.get': command({
    permission: 'view',
    input: z.strictObject({ service: ServiceName }),
    output: returns<ServiceView>(),
    rest: 'GET /services/:service',
    summary: 'One service with its state',
  }),
  'services.output': command({
    permission: 'view',
    input: z.strictObject({ service: ServiceName, lines: z.coerce.number().int().min(1).max(5000).default(200) }),
    output: returns<{ file: string | null; lines: string[] }>(),
    rest: 'GET /services/:service/output',
    summary: 'The last lines a service wrote (stdout and stderr)',
  }),
  'services.env': command({
    permission: 'view',
    input: z.strictObject({ service: ServiceName }),
    output: returns<ServiceEnvironment>(),
    rest: 'GET /services/:service/env',
    summary: 'The environment a service is started with; secret-looking values (names with TOKEN, SECRET, PASSWORD, KEY…, passwords in URLs) masked',
  }),
  'services.revealEnv': command({
    permission: 'secrets',
    input: z.strictObject({ service: ServiceName, names: z.array(z.string().min(1).max(200)).min(1, 'name the variables to reveal').max(100) }),
    output: returns<EnvVariable[]>(),
    rest: 'POST /services/:service/env/reveal',
    summary: 'The real values of masked variables; each reveal is written to the audit log (who, which names; never the values)',
  }),
  'audit.list': command({
    permission: 'view',
    input: AuditQuery.optional().default({ limit: 200 }),
    output: returns<AuditEntry[]>(),
    rest: 'GET /audit',
    summary: 'Audit entries, newest first, filtered by target, actor, action, outcome or operation',
  }),
  'audit.get': command({
    permission: 'view',
    input: z.strictObject({ id: z.coerce.number().int().positive() }),
    output: returns<AuditEntry>(),
    rest: 'GET /audit/:id',
    summary: 'One audit entry',
  }),
};

export const operateEvents = {
  'operations.progress': event<OperationProgress>('A service moved on in a start, stop or restart', 'view'),
  'operations.finished': event<OperationResult>('A start, stop or restart finished', 'view'),
  'audit.changed': event<AuditEntry>('An audit entry was written or got its outcome', 'view'),
};
