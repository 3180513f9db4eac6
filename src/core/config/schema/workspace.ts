import { z } from 'zod';
import { didYouMean } from '../did-you-mean';
import { channelSchema, inhibitSchema, routeSchema, ruleGroupSchema, ruleSchema, timeWindowSchema } from './alerting';
import { defaultLogs, logsSchema } from './logs';
import { byteSize, duration, envValue, name } from './primitives';
import { monitoringSchema } from './probe';
import { serviceSchema, sloSchema } from './service';
import { tmuxSchema } from './tmux';
import { describeCycle, findCycles } from '../../services/dependency-graph';

const environmentSchema = z.strictObject({
  vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are [A-Za-z_][A-Za-z0-9_]*'), envValue).default({}),
  confirm_destructive: z.boolean().default(false),
});

const machineSchema = z.strictObject({
  every: duration.default(5_000),
  mounts: z.array(z.string()).optional(),
  interfaces: z.array(z.string()).optional(),
});

const storageSchema = z.strictObject({
  retention: z
    .strictObject({
      raw: duration.default(48 * 3_600_000),
      '1m': duration.default(30 * 86_400_000),
      '1h': duration.default(400 * 86_400_000),
    })
    .default({ raw: 48 * 3_600_000, '1m': 30 * 86_400_000, '1h': 400 * 86_400_000 }),
  logs: z
    .strictObject({ max_size: byteSize.default(1024 ** 3), max_age: duration.default(14 * 86_400_000) })
    .default({ max_size: 1024 ** 3, max_age: 14 * 86_400_000 }),
});

/** The whole zervigo.yaml. Cross-references (depends_on, notify, environment) are checked here. */
export const workspaceSchema = z
  .strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    name: z.string().min(1).optional(),
    environment: name.optional(),
    environments: z.record(name, environmentSchema).default({}),
    machine: z.union([z.literal(false), machineSchema]).default({ every: 5_000 }),
    monitoring: monitoringSchema.default({ concurrency: 64 }),
    services: z.record(name, serviceSchema).default({}),
    /** The SLO of services that name none (reports; default availability 99.9). */
    slo: sloSchema.optional(),
    evaluation_interval: duration.default(5_000),
    rules: z.array(ruleSchema).default([]),
    rule_groups: z.array(ruleGroupSchema).default([]),
    routes: z.array(routeSchema).default([]),
    inhibit: z.array(inhibitSchema).default([]),
    time_windows: z.record(name, z.array(timeWindowSchema).min(1)).default({}),
    channels: z.record(name, channelSchema).default({}),
    tmux: tmuxSchema.default({ layouts: {} }),
    storage: storageSchema.default({
      retention: { raw: 48 * 3_600_000, '1m': 30 * 86_400_000, '1h': 400 * 86_400_000 },
      logs: { max_size: 1024 ** 3, max_age: 14 * 86_400_000 },
    }),
    logs: logsSchema.default({ ...defaultLogs, files: [], tmux: [] }),
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
        if (dependency === serviceName) ctx.issues.push({ code: 'custom', input: dependency, path: ['services', serviceName, 'depends_on', i], message: `${serviceName} depends on itself` });
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
            if (!services.includes(dependency)) unknownReference(['tmux', 'layouts', layoutName, 'windows', w, 'panes', p, 'depends_on', d], 'service', dependency, services);
          }),
        ),
      );
    }
    const channels = Object.keys(workspace.channels);
    workspace.routes.forEach((route, i) => {
      route.notify.forEach((channel, j) => {
        if (!channels.includes(channel)) unknownReference(['routes', i, 'notify', j], 'channel', channel, channels);
      });
      route.mute_when.forEach((window, j) => {
        if (!Object.hasOwn(workspace.time_windows, window)) unknownReference(['routes', i, 'mute_when', j], 'time window', window, Object.keys(workspace.time_windows));
      });
    });
    // Alerts keep their state across reloads by group/rule: group names must be unique.
    const groupNames = new Set<string>(workspace.rules.length > 0 ? ['default'] : []);
    workspace.rule_groups.forEach((group, i) => {
      if (groupNames.has(group.name)) {
        const message = group.name === 'default' ? '"default" is the group of the top-level rules; choose another name' : `rule group "${group.name}" is defined twice`;
        ctx.issues.push({ code: 'custom', input: group.name, path: ['rule_groups', i, 'name'], message });
      }
      groupNames.add(group.name);
    });
    if (workspace.environment !== undefined && !Object.hasOwn(workspace.environments, workspace.environment)) {
      unknownReference(['environment'], 'environment', workspace.environment, Object.keys(workspace.environments));
    }
  });

export type WorkspaceConfig = z.infer<typeof workspaceSchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
