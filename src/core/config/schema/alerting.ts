import { z } from 'zod';
import { exactlyOneOf } from './one-of';
import { commandLine, duration, labelSet, name } from './primitives';

/** What a rule may do when it fires (`then:`); targets may be templates like {{ $labels.service }}. */
const actionKinds = ['restart', 'start', 'stop', 'exec', 'notify'] as const;
const actionSchema = z
  .strictObject({
    restart: z.string().min(1).optional(),
    start: z.string().min(1).optional(),
    stop: z.string().min(1).optional(),
    exec: commandLine.optional(),
    notify: z.union([name, z.array(name).min(1)]).optional(),
    shell: z.boolean().default(false),
    timeout: duration.default(30_000),
    dry_run: z.boolean().default(false),
  })
  .check(exactlyOneOf(actionKinds, 'an action'));

export const ruleSchema = z.strictObject({
  alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'alert names are [A-Za-z_][A-Za-z0-9_]*'),
  expr: z.string().min(1, 'the expression is empty'),
  for: duration.default(0),
  keep_firing_for: duration.default(0),
  labels: labelSet.default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  then: z.array(actionSchema).default([]),
});

export const ruleGroupSchema = z.strictObject({
  name: name,
  interval: duration.optional(),
  rules: z.array(ruleSchema).min(1, 'a rule group needs at least one rule'),
});

export const routeSchema = z.strictObject({
  match: z.record(z.string(), z.string()).default({}),
  match_re: z.record(z.string(), z.string()).default({}),
  notify: z.array(name).default([]),
  continue: z.boolean().default(false),
  group_by: z.array(z.string()).default(['alertname']),
  group_wait: duration.default(0),
  group_interval: duration.default(300_000),
  repeat: duration.default(14_400_000),
  mute_when: z.array(name).default([]),
});

export const inhibitSchema = z.strictObject({
  source_match: z.record(z.string(), z.string()),
  target_match: z.record(z.string(), z.string()),
  equal: z.array(z.string()).default([]),
});

/** Weekly maintenance windows, e.g. { weekdays: [sat, sun], times: "22:00-06:00" }. */
export const timeWindowSchema = z.strictObject({
  weekdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).default([]),
  times: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected HH:MM-HH:MM').optional(),
});

const channelKinds = ['desktop', 'slack', 'email', 'webhook'] as const;

export const channelSchema = z
  .strictObject({
    desktop: z.union([z.literal(true), z.strictObject({})]).optional(),
    slack: z.strictObject({ webhook: z.url({ protocol: /^https?$/ }), channel: z.string().optional() }).optional(),
    email: z
      .strictObject({
        smtp: z.url({ protocol: /^smtps?$/, error: 'expected smtp://host:port or smtps://host:port' }),
        from: z.string().default('zervigo@localhost'),
        to: z.array(z.email()).min(1, 'at least one recipient'),
      })
      .optional(),
    webhook: z.strictObject({ url: z.url({ protocol: /^https?$/ }), headers: z.record(z.string(), z.string()).default({}) }).optional(),
    send_resolved: z.boolean().default(true),
  })
  .check(exactlyOneOf(channelKinds, 'a channel'));

export type RuleConfig = z.infer<typeof ruleSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
