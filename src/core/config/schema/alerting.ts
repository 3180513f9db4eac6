import { z } from 'zod';
import { promqlExpression, regexValues, templateString, templateValues } from './alerting-checks';
import { exactlyOneOf } from './one-of';
import { commandLine, duration, labelSet, name } from './primitives';

/** What a rule may do when it fires (`then:`); targets may be templates like {{ $labels.service }}. */
const actionKinds = ['restart', 'start', 'stop', 'exec', 'notify'] as const;
const actionSchema = z
  .strictObject({
    restart: z.string().min(1).check(templateString).optional(),
    start: z.string().min(1).check(templateString).optional(),
    stop: z.string().min(1).check(templateString).optional(),
    exec: commandLine.optional(),
    notify: z.union([name, z.array(name).min(1)]).optional(),
    shell: z.boolean().default(false),
    timeout: duration.default(30_000),
    dry_run: z.boolean().default(false),
  })
  .check(exactlyOneOf(actionKinds, 'an action'));

/** "More than `changes` state changes within `within`" is flapping: shown, and held back from paging. */
const flappingSchema = z.union([
  z.literal(false),
  z.strictObject({ changes: z.number().int().min(2).max(1000), within: duration }),
]);

export const ruleSchema = z.strictObject({
  alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'alert names are [A-Za-z_][A-Za-z0-9_]*'),
  expr: z.string().min(1, 'the expression is empty').check(promqlExpression),
  for: duration.default(0),
  keep_firing_for: duration.default(0),
  labels: labelSet.check(templateValues).default({}),
  annotations: z.record(z.string(), z.string()).check(templateValues).default({}),
  flapping: flappingSchema.default({ changes: 4, within: 600_000 }),
  then: z.array(actionSchema).default([]),
});

export const ruleGroupSchema = z.strictObject({
  name: name,
  interval: duration.optional(),
  rules: z.array(ruleSchema).min(1, 'a rule group needs at least one rule'),
});

export const routeSchema = z.strictObject({
  match: z.record(z.string(), z.string()).default({}),
  match_re: z.record(z.string(), z.string()).check(regexValues).default({}),
  notify: z.array(name).default([]),
  continue: z.boolean().default(false),
  group_by: z.array(z.string()).default(['alertname']),
  group_wait: duration.default(0),
  group_interval: duration.default(300_000),
  repeat: duration.default(14_400_000),
  /** Notification back-off: each further reminder waits this many times longer, up to repeat_max. */
  repeat_backoff: z.number().min(1).max(10).default(1),
  repeat_max: duration.default(86_400_000),
  mute_when: z.array(name).default([]),
});

/** While an alert matching `source_*` fires, alerts matching `target_*` with the same `equal` labels are held back. */
export const inhibitSchema = z.strictObject({
  source_match: z.record(z.string(), z.string()).default({}),
  source_match_re: z.record(z.string(), z.string()).check(regexValues).default({}),
  target_match: z.record(z.string(), z.string()).default({}),
  target_match_re: z.record(z.string(), z.string()).check(regexValues).default({}),
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
export type RuleGroupConfig = z.infer<typeof ruleGroupSchema>;
export type InhibitConfig = z.infer<typeof inhibitSchema>;
export type TimeWindowConfig = z.infer<typeof timeWindowSchema>;
export type ActionConfig = z.infer<typeof actionSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
