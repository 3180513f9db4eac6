import { z } from 'zod';
import type { DeployTargetView, DeployView } from '../types/deploys';
import { NoInput } from './app';
import { SignedCall } from './automation';
import { command, event, returns } from './define';
import { ServiceName } from './service-names';

const gitRef = z
  .string()
  .min(1)
  .max(250)
  .regex(/^[^\s~^:?*[\\]+$/, 'a ref is a branch, tag or commit, e.g. main, v1.2.0 or 3f2a9c1')
  .refine((ref) => !ref.startsWith('-'), 'a ref cannot start with "-"');

/** The deploy part's contract: targets, history, deploy, rollback and the signed webhook. */
export const deployCommands = {
  'deploys.targets': command({
    permission: 'view',
    input: NoInput,
    output: returns<DeployTargetView[]>(),
    rest: 'GET /deploys',
    summary: 'Services with deploy:, their releases and the running or last deploy',
  }),
  'deploys.list': command({
    permission: 'view',
    input: z
      .strictObject({ service: ServiceName.optional(), limit: z.coerce.number().int().min(1).max(1000).default(50) })
      .optional()
      .default({ limit: 50 }),
    output: returns<DeployView[]>(),
    rest: 'GET /deploys/history',
    summary: 'Deploys and rollbacks, newest first',
  }),
  'deploys.get': command({
    permission: 'view',
    input: z.strictObject({ id: z.coerce.number().int().positive() }),
    output: returns<DeployView>(),
    rest: 'GET /deploys/id/:id',
    summary: 'One deploy with its stages and log',
  }),
  'deploys.start': command({
    permission: 'operate',
    input: z.strictObject({ service: ServiceName, ref: gitRef.optional(), confirm: z.boolean().default(false), wait: z.boolean().default(false) }),
    output: returns<DeployView>(),
    rest: 'POST /deploys/:service',
    summary: "Deploy a service's branch (or ref): fetch, build, release, switch, restart, health gate, watch",
  }),
  'deploys.rollback': command({
    permission: 'operate',
    input: z.strictObject({ service: ServiceName, confirm: z.boolean().default(false), wait: z.boolean().default(true) }),
    output: returns<DeployView>(),
    rest: 'POST /deploys/:service/rollback',
    summary: 'Switch back to the release before the running one, restart it and check its health',
  }),
  'deploys.webhook': command({
    permission: 'operate',
    input: SignedCall.extend({ service: ServiceName }),
    output: returns<DeployView>(),
    summary: "A signed post-receive webhook starts a deploy of the service's branch",
  }),
};

export const deployEvents = {
  'deploys.changed': event<DeployView>('A deploy started, moved on to a stage or finished: a change other parts can read', 'view'),
};
