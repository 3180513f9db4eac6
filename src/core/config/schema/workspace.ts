import { z } from 'zod';
import { didYouMean } from '../did-you-mean';
import { analysisSchema } from './analysis';
import { assistantSchema } from './assistant';
import { channelSchemaFor, inhibitSchema, routeSchema, ruleGroupSchemaFor, ruleSchemaFor, timeWindowSchema } from './alerting';
import { alertingTargetsSchema, fleetSettingsSchema, remoteReadSchema, remoteWriteSchema } from './fleet';
import { defaultLogs, logsSchema } from './logs';
import { byteSize, duration, envValue, name } from './primitives';
import { monitoringSchema } from './probe';
import { serviceSchemaFor, sloSchema } from './service';
import type { WorkspaceKinds } from './kinds';
import { tmuxSchema } from './tmux';
import { jobSchema } from './jobs';
import { statusPageSchema } from './status-page';
import { ssoSchema } from './sso';
import { checkOnCallReferences, ONCALL_CHANNEL_PREFIX, onCallSchema } from './on-call';
import { DASHBOARD_ID, dashboardSchema } from '../../../shared/dashboards/dashboard';
import { describeCycle, findCycles } from '../dependency-graph';

const environmentSchema = z.strictObject({
  vars: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are [A-Za-z_][A-Za-z0-9_]*'), envValue)
    .default({})
    .describe('Values for ${NAME} anywhere in the file while this environment is active (before the process environment).'),
  confirm_destructive: z
    .boolean()
    .default(false)
    .describe('Stops, restarts and workspace saves by a person need confirming (the console asks; the API answers 428).'),
});

const machineSchema = z.strictObject({
  every: duration.prefault('5s').describe('How often CPU, memory, disk and network are sampled.'),
  mounts: z.array(z.string()).optional().describe('The mount points to measure (default: every real filesystem).'),
  interfaces: z.array(z.string()).optional().describe('The network interfaces to measure (default: all but loopback).'),
});

const storageSchema = z.strictObject({
  retention: z
    .strictObject({
      raw: duration.prefault('48h').describe('How long raw samples are kept.'),
      '1m': duration.prefault('30d').describe('How long 1-minute rollups are kept.'),
      '1h': duration.prefault('400d').describe('How long 1-hour rollups are kept.'),
    })
    .prefault({})
    .describe('How long each tier of samples is kept.'),
  logs: z
    .strictObject({
      max_size: byteSize.prefault('1GiB').describe("The log store's size budget; the oldest lines go first."),
      max_age: duration.prefault('14d').describe('Lines older than this are dropped.'),
    })
    .prefault({})
    .describe('Limits of the log store.'),
});

/** A plugin's id, as its manifest gives it. */
const pluginId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a plugin id is lowercase letters, digits and "-", starting with a letter');

/** One plugin the workspace needs: its id, or { id, from } where `from` is a folder or .tgz (relative to the workspace file) to install it from. */
export const workspacePluginSchema = z.union([
  pluginId,
  z.strictObject({
    id: pluginId.describe("The plugin's id (zervigo plugins list)."),
    from: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe('A plugin folder or a .tgz made by npm pack, relative to the workspace file; installed when missing.'),
    integrity: z
      .string()
      .regex(/^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/, 'is not a Subresource Integrity hash (like sha512-… as npm pack prints it)')
      .optional()
      .describe("The .tgz's hash as npm pack prints it (sha512-…): a tarball that does not match is not installed."),
  }),
]);

/**
 * The whole zervigo.yaml, for the kinds the registries hold (their options' schemas live with
 * them). Cross-references (depends_on, notify, environment) are checked here. Built once per set
 * of kinds.
 */
export function workspaceSchemaFor(kinds: WorkspaceKinds): WorkspaceSchema {
  // Keyed by the registries' lists, which stay the same arrays until a kind is registered.
  const byProbes = cachedMap(built, kinds.probes);
  const byChannels = cachedMap(byProbes, kinds.channels);
  let schema = byChannels.get(kinds.actions);
  if (schema === undefined) {
    schema = buildWorkspaceSchema(kinds);
    byChannels.set(kinds.actions, schema);
  }
  return schema;
}

type WorkspaceSchema = ReturnType<typeof buildWorkspaceSchema>;
const built = new WeakMap<object, WeakMap<object, WeakMap<object, WorkspaceSchema>>>();

function cachedMap<K extends object, V>(map: WeakMap<K, WeakMap<object, V>>, key: K): WeakMap<object, V> {
  let inner = map.get(key);
  if (inner === undefined) {
    inner = new WeakMap();
    map.set(key, inner);
  }
  return inner;
}

function buildWorkspaceSchema(kinds: WorkspaceKinds) {
  return z
    .strictObject({
      version: z.literal(1, { error: 'expected version: 1' }).describe('The workspace format: 1.'),
      name: z.string().min(1).optional().describe("The workspace's name, shown in the header (default: the folder)."),
      environment: name.optional().describe('The active environment (one of environments:); the console and --env can switch it.'),
      environments: z
        .record(name, environmentSchema)
        .default({})
        .describe('Overlays: each gives values for ${VAR}; one is active at a time (dev, staging, prod).'),
      machine: z
        .union([z.literal(false), machineSchema])
        .prefault({})
        .describe('Metrics of this machine (CPU, memory, disk, network); false turns them off.'),
      plugins: z
        .array(workspacePluginSchema)
        .default([])
        .describe('The plugins this workspace needs: ids, or { id, from: folder or .tgz to install it from }; one not installed or not enabled is reported.'),
      monitoring: monitoringSchema.default({ concurrency: 64 }).describe('Settings of the probe scheduler.'),
      services: z
        .record(name, serviceSchemaFor(kinds.probes))
        .default({})
        .describe('The services: what runs (start), how it is checked (probes), how it heals (restart).'),
      slo: sloSchema.optional().describe('The SLO of services that name none, in reports: { availability: 99.9 }.'),
      evaluation_interval: duration.prefault('5s').describe('How often the top-level rules are evaluated.'),
      rules: z
        .array(ruleSchemaFor(kinds.actions))
        .default([])
        .describe("Alerting rules in Prometheus' shape: alert, expr (PromQL), for, labels, annotations, then."),
      rule_groups: z.array(ruleGroupSchemaFor(kinds.actions)).default([]).describe('Named groups of rules, each with its own interval.'),
      routes: z.array(routeSchema).default([]).describe('Where alerts are notified: the first route whose match fits takes an alert (unless continue).'),
      inhibit: z.array(inhibitSchema).default([]).describe("While some alerts fire, hold back others (e.g. a host's services while the host is down)."),
      time_windows: z
        .record(name, z.array(timeWindowSchema).min(1))
        .default({})
        .describe("Named weekly maintenance windows ({ weekdays, times }), used by routes' mute_when."),
      channels: z
        .record(name, channelSchemaFor(kinds.channels))
        .default({})
        .describe(`Where notifications go: ${kinds.channels.map((kind) => kind.kind).join(', ')}, each under a name routes use.`),
      tmux: tmuxSchema.default({ layouts: {} }).describe('The tmux server and session of services with tmux: true, and layouts to create.'),
      storage: storageSchema.prefault({}).describe('How long samples and logs are kept.'),
      logs: logsSchema
        .default({ ...defaultLogs, files: [], tmux: [], parsers: [] })
        .describe("Log sources not tied to one service's files (files, tmux panes, the journal), and limits."),
      remote_write: z
        .array(remoteWriteSchema)
        .default([])
        .describe('Prometheus remote-write receivers every series (or those matched) is sent to (Prometheus, VictoriaMetrics, Mimir).'),
      remote_read: z
        .array(remoteReadSchema)
        .default([])
        .describe('Stores whose history charts and queries read where local retention ends (Prometheus HTTP API).'),
      fleet: fleetSettingsSchema
        .prefault({})
        .describe('How this console watches its agents (zervigo agents add): when one unreachable is an alert, how often they are checked.'),
      alerting: alertingTargetsSchema.prefault({}).describe('Alertmanagers alerts are sent to, as Prometheus sends them; their silences are shown.'),
      jobs: z
        .record(name, jobSchema)
        .default({})
        .describe(
          'Scheduled and triggered jobs: steps (exec, http, service, notify, job) or maintenance (cleanup, backup, housekeeping), with timeouts, retries and rollback.',
        ),
      analysis: analysisSchema.prefault({}).describe('Anomaly scores, incidents and forecasts: what is watched without a rule.'),
      assistant: assistantSchema
        .prefault({})
        .describe('The assistant: an optional OpenAI-compatible model (for example a local Ollama) for questions the offline parser does not understand.'),
      sso: ssoSchema
        .prefault({})
        .describe('Single sign-on: OpenID Connect providers shown on the sign-in page, and how their groups map to roles in this workspace.'),
      on_call: onCallSchema
        .prefault({})
        .describe(
          'On-call: contacts (how each person is reached), schedules (rotations with hand-offs in a time zone, overrides) and escalation policies routes page as oncall:<policy>.',
        ),
      dashboards: z
        .record(z.string().regex(DASHBOARD_ID), dashboardSchema, {
          // The message names the rule rather than zod's "invalid key in record".
          error: (issue) =>
            issue.code === 'invalid_key' ? 'a dashboard id is lower-case letters, digits and "-" (it is the page\'s URL), e.g. "shop"' : undefined,
        })
        .default({})
        .describe('Custom dashboards: panels (time series, stat, gauge, bar, table, logs, alerts, services) on PromQL queries, with $variables; by id.'),
      status_page: statusPageSchema
        .optional()
        .describe(
          'A public, read-only status page at /status/<slug> (no sign-in): the chosen services, their heartbeat bars, availability and incident notes.',
        ),
    })
    .check((ctx) => {
      const workspace = ctx.value;
      const unknownReference = (path: PropertyKey[], kind: string, value: string, known: string[]): void => {
        const hint = didYouMean(value, known);
        const listing = known.length === 0 ? `no ${kind}s are defined` : `known: ${known.join(', ')}`;
        ctx.issues.push({ code: 'custom', input: value, path, message: `unknown ${kind} "${value}"${hint ? `; did you mean "${hint}"?` : ` (${listing})`}` });
      };
      const services = Object.keys(workspace.services);
      for (const [serviceName, service] of Object.entries(workspace.services)) {
        service.depends_on.forEach((dependency, i) => {
          if (dependency === serviceName)
            ctx.issues.push({
              code: 'custom',
              input: dependency,
              path: ['services', serviceName, 'depends_on', i],
              message: `${serviceName} depends on itself`,
            });
          else if (!services.includes(dependency)) unknownReference(['services', serviceName, 'depends_on', i], 'service', dependency, services);
        });
      }
      for (const cycle of findCycles(Object.fromEntries(Object.entries(workspace.services).map(([key, service]) => [key, service.depends_on])))) {
        if (cycle.length < 3) continue; // "depends on itself" is reported above
        const [from, to] = cycle as [string, string];
        const index = workspace.services[from]?.depends_on.indexOf(to) ?? 0;
        ctx.issues.push({ code: 'custom', input: to, path: ['services', from, 'depends_on', index], message: `dependency cycle: ${describeCycle(cycle)}` });
      }
      for (const [layoutName, layout] of Object.entries(workspace.tmux.layouts)) {
        layout.windows.forEach((window, w) =>
          window.panes.forEach((pane, p) =>
            pane.depends_on.forEach((dependency, d) => {
              if (!services.includes(dependency))
                unknownReference(['tmux', 'layouts', layoutName, 'windows', w, 'panes', p, 'depends_on', d], 'service', dependency, services);
            }),
          ),
        );
      }
      const channels = Object.keys(workspace.channels);
      const escalations = Object.keys(workspace.on_call.escalations);
      workspace.routes.forEach((route, i) => {
        route.notify.forEach((channel, j) => {
          if (channel.startsWith(ONCALL_CHANNEL_PREFIX)) {
            const policy = channel.slice(ONCALL_CHANNEL_PREFIX.length);
            if (!escalations.includes(policy)) unknownReference(['routes', i, 'notify', j], 'escalation policy', policy, escalations);
          } else if (!channels.includes(channel)) unknownReference(['routes', i, 'notify', j], 'channel', channel, channels);
        });
        route.mute_when.forEach((window, j) => {
          if (!Object.hasOwn(workspace.time_windows, window))
            unknownReference(['routes', i, 'mute_when', j], 'time window', window, Object.keys(workspace.time_windows));
        });
      });
      // Alerts keep their state across reloads by group/rule: group names must be unique.
      const groupNames = new Set<string>(workspace.rules.length > 0 ? ['default'] : []);
      workspace.rule_groups.forEach((group, i) => {
        if (groupNames.has(group.name)) {
          const message =
            group.name === 'default' ? '"default" is the group of the top-level rules; choose another name' : `rule group "${group.name}" is defined twice`;
          ctx.issues.push({ code: 'custom', input: group.name, path: ['rule_groups', i, 'name'], message });
        }
        groupNames.add(group.name);
      });
      checkJobReferences(workspace, unknownReference, (issue) => ctx.issues.push(issue));
      checkOnCallReferences(workspace.on_call, workspace.channels, unknownReference, (issue) => ctx.issues.push(issue));
      for (const [channelName, channel] of Object.entries(workspace.channels)) {
        const policy = channel.kind === 'oncall' ? channel.oncall : undefined;
        if (typeof policy === 'string' && !escalations.includes(policy))
          unknownReference(['channels', channelName, 'oncall'], 'escalation policy', policy, escalations);
      }
      const shown = new Set<string>();
      workspace.status_page?.services.forEach((entry, i) => {
        if (!services.includes(entry.service)) unknownReference(['status_page', 'services', i], 'service', entry.service, services);
        else if (shown.has(entry.service))
          ctx.issues.push({
            code: 'custom',
            input: entry.service,
            path: ['status_page', 'services', i],
            message: `${entry.service} is on the status page twice`,
          });
        shown.add(entry.service);
      });
      if (workspace.environment !== undefined && !Object.hasOwn(workspace.environments, workspace.environment)) {
        unknownReference(['environment'], 'environment', workspace.environment, Object.keys(workspace.environments));
      }
    });
}

export type WorkspaceConfig = z.infer<WorkspaceSchema>;
export type { StatusPageConfig } from './status-page';

type Reference = (path: PropertyKey[], kind: string, value: string, known: string[]) => void;

/** Jobs name services, channels and other jobs: each must exist, and no job may call itself through others. */
function checkJobReferences(
  workspace: { jobs: Record<string, z.infer<typeof jobSchema>>; services: Record<string, unknown>; channels: Record<string, unknown> },
  unknownReference: Reference,
  push: (issue: { code: 'custom'; input: unknown; path: PropertyKey[]; message: string }) => void,
): void {
  const services = Object.keys(workspace.services);
  const channels = Object.keys(workspace.channels);
  const jobs = Object.keys(workspace.jobs);
  const calls = new Map<string, string[]>();
  for (const [jobName, job] of Object.entries(workspace.jobs)) {
    const called: string[] = [];
    const checkSteps = (list: 'steps' | 'rollback'): void =>
      job[list].forEach((step, i) => {
        const at = ['jobs', jobName, list, i];
        for (const action of ['start', 'stop', 'restart'] as const) {
          step.service?.[action]?.forEach((service, j) => {
            if (!services.includes(service)) unknownReference([...at, 'service', action, j], 'service', service, services);
          });
        }
        step.notify?.channels.forEach((channel, j) => {
          if (!channels.includes(channel)) unknownReference([...at, 'notify', 'channels', j], 'channel', channel, channels);
        });
        if (step.job !== undefined) {
          if (!jobs.includes(step.job)) unknownReference([...at, 'job'], 'job', step.job, jobs);
          else called.push(step.job);
        }
      });
    checkSteps('steps');
    checkSteps('rollback');
    calls.set(jobName, called);
    for (const service of Object.keys(job.on.services))
      if (!services.includes(service)) unknownReference(['jobs', jobName, 'on', 'services', service], 'service', service, services);
  }
  for (const [jobName] of calls) {
    const path = jobCycle(jobName, calls);
    if (path !== null) {
      const index = workspace.jobs[jobName]?.steps.findIndex((step) => step.job === path[1]) ?? -1;
      push({
        code: 'custom',
        input: path[1],
        path: index >= 0 ? ['jobs', jobName, 'steps', index, 'job'] : ['jobs', jobName],
        message: `jobs call each other in a cycle: ${path.join(' → ')}`,
      });
    }
  }
}

/** A path of job calls from `start` back to itself, or null. */
function jobCycle(start: string, calls: Map<string, string[]>): string[] | null {
  const walk = (current: string, path: string[]): string[] | null => {
    for (const next of calls.get(current) ?? []) {
      if (next === start) return [...path, next];
      if (path.includes(next)) continue;
      const found = walk(next, [...path, next]);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(start, [start]);
}
