import { z } from 'zod';
import { promqlExpression, regexValues, templateValues } from './alerting-checks';
import { kindEntrySchemaFor, type KindEntry, type KindEntrySchema } from './kind-entry';
import { duration, labelSet, name } from './primitives';

/**
 * What the workspace file knows of an action kind (what a rule may do when it fires, `then:`):
 * its key, its options' schema, what it does, and its target in words ("{{ $labels.service }}",
 * "ops, pager"). Its behaviour (run) sits in actions/ (ActionKind extends this); the schema is
 * assembled from the registry's kinds.
 */
export type ActionKindSchema<Options = unknown> = KindEntrySchema<Options>;

const actionCommonShape = {
  shell: z.boolean().default(false).describe('exec: run through /bin/sh -c.'),
  timeout: duration.prefault('30s').describe('How long the action may take.'),
  dry_run: z.boolean().default(false).describe('Record what would have been done, without doing it.'),
};

/** A `then:` item as validated: shell, timeout, dry_run, its kind, its target, and the kind's options under its key. */
export type ActionConfig = KindEntry<z.output<z.ZodObject<typeof actionCommonShape>>>;

/** One action: exactly one kind key with its options, for the kinds given. */
export function actionSchemaFor(kinds: readonly ActionKindSchema[]): z.ZodType<ActionConfig, unknown> {
  return kindEntrySchemaFor(kinds, actionCommonShape, 'an action', actionSchemas);
}

const actionSchemas = new WeakMap<readonly ActionKindSchema[], z.ZodType<ActionConfig, unknown>>();

/** "More than `changes` state changes within `within`" is flapping: shown, and held back from paging. */
const flappingSchema = z.union([
  z.literal(false),
  z.strictObject({
    changes: z.number().int().min(2).max(1000).describe('State changes that make it flapping…'),
    within: duration.describe('…within this window.'),
  }),
]);

/** A rule whose `then:` takes the action kinds given. */
export function ruleSchemaFor(actionKinds: readonly ActionKindSchema[]) {
  return z.strictObject({
    alert: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'alert names are [A-Za-z_][A-Za-z0-9_]*')
      .describe("The alert's name (its alertname label)."),
    expr: z.string().min(1, 'the expression is empty').check(promqlExpression).describe('A PromQL expression; each series in its result is one alert.'),
    for: duration.prefault('0s').describe('Pending this long before firing.'),
    keep_firing_for: duration.prefault('0s').describe('Stays firing this long after the condition stops.'),
    labels: labelSet
      .check(templateValues)
      .default({})
      .describe('Labels added to its alerts (templates: {{ $labels.service }}, {{ $value }}); severity: critical pages.'),
    annotations: z.record(z.string(), z.string()).check(templateValues).default({}).describe('Text for people: summary, description, runbook (templates).'),
    flapping: flappingSchema
      .prefault({ changes: 4, within: '10m' })
      .describe('{ changes, within }: changing state more often makes it flapping (shown, not paged); false turns it off.'),
    then: z
      .array(actionSchemaFor(actionKinds))
      .default([])
      .describe(`What to do when it fires: ${actionKinds.map((kind) => kind.kind).join(', ')}.`),
  });
}

/** A named group of rules whose `then:` takes the action kinds given. */
export function ruleGroupSchemaFor(actionKinds: readonly ActionKindSchema[]) {
  return z.strictObject({
    name: name.describe('The group\'s name (unique; "default" is the top-level rules\').'),
    interval: duration.optional().describe('How often its rules are evaluated (default: evaluation_interval).'),
    rules: z.array(ruleSchemaFor(actionKinds)).min(1, 'a rule group needs at least one rule').describe('Its rules.'),
  });
}

/** A channel's name, or oncall:<escalation policy>. */
const channelReference = z
  .string()
  .regex(/^(oncall:)?[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a channel name (letters, digits, "-", "_", "."), or oncall:<escalation policy>')
  .meta({ title: 'a channel name, or oncall:<escalation policy>' });

export const routeSchema = z.strictObject({
  match: z.record(z.string(), z.string()).default({}).describe('Labels an alert must have (label: value) to take this route; none: every alert.'),
  match_re: z.record(z.string(), z.string()).check(regexValues).default({}).describe('Labels whose values must match these regular expressions (anchored).'),
  notify: z
    .array(channelReference)
    .default([])
    .describe('The channels (under channels:) its notifications go to; oncall:<policy> pages people through an escalation policy (under on_call.escalations).'),
  continue: z.boolean().default(false).describe('Go on to the next routes after this one matched (else the first matching route takes the alert).'),
  group_by: z
    .array(z.string())
    .default(['alertname'])
    .describe('Alerts with the same values of these labels go out as one notification; [...] groups by every label.'),
  group_wait: duration.prefault('0s').describe("Wait this long before a new group's first notification, so alerts that come together go out together."),
  group_interval: duration.prefault('5m').describe("At most one notification about a group's changes per this interval."),
  repeat: duration.prefault('4h').describe('Remind about alerts still firing and not acknowledged after this long.'),
  /** Notification back-off: each further reminder waits this many times longer, up to repeat_max. */
  repeat_backoff: z.number().min(1).max(10).default(1).describe('Each further reminder waits this many times longer, up to repeat_max.'),
  repeat_max: duration.prefault('1d').describe('The longest wait between reminders.'),
  mute_when: z.array(name).default([]).describe('Maintenance windows (under time_windows:) during which this route sends nothing.'),
});

/** While an alert matching `source_*` fires, alerts matching `target_*` with the same `equal` labels are held back. */
export const inhibitSchema = z.strictObject({
  source_match: z.record(z.string(), z.string()).default({}).describe('While an alert with these labels fires…'),
  source_match_re: z.record(z.string(), z.string()).check(regexValues).default({}).describe('…or with labels matching these regular expressions…'),
  target_match: z.record(z.string(), z.string()).default({}).describe('…alerts with these labels are held back…'),
  target_match_re: z.record(z.string(), z.string()).check(regexValues).default({}).describe('…or with labels matching these regular expressions…'),
  equal: z.array(z.string()).default([]).describe('…when they have the same values of these labels as the firing one.'),
});

/** Weekly maintenance windows, e.g. { weekdays: [sat, sun], times: "22:00-06:00" }. */
export const timeWindowSchema = z.strictObject({
  weekdays: z
    .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
    .default([])
    .describe('The days it applies on (none: every day).'),
  times: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'expected HH:MM-HH:MM (24-hour local time), e.g. 22:00-06:00')
    .optional()
    .describe('From-to in local time, HH:MM-HH:MM; "22:00-06:00" crosses midnight (none: all day).'),
});

/**
 * What the workspace file knows of a channel kind: its key, its options' schema, what it does,
 * and where a channel of it sends (for views; secrets such as webhook paths and passwords left
 * out). Its behaviour (send) sits in notify/ (ChannelKind extends this); the schema is assembled
 * from the registry's kinds.
 */
export type ChannelKindSchema<Options = unknown> = KindEntrySchema<Options>;

const channelCommonShape = {
  send_resolved: z.boolean().default(true).describe('Also say when alerts resolve.'),
};

/** A channel as validated: send_resolved, its kind, its secret-free target, and the kind's options under its key. */
export type ChannelConfig = KindEntry<z.output<z.ZodObject<typeof channelCommonShape>>>;

/** One channel: exactly one kind key with its options, for the kinds given. */
export function channelSchemaFor(kinds: readonly ChannelKindSchema[]): z.ZodType<ChannelConfig, unknown> {
  return kindEntrySchemaFor(kinds, channelCommonShape, 'a channel', channelSchemas);
}

const channelSchemas = new WeakMap<readonly ChannelKindSchema[], z.ZodType<ChannelConfig, unknown>>();

export type RuleConfig = z.infer<ReturnType<typeof ruleSchemaFor>>;
export type RuleGroupConfig = z.infer<ReturnType<typeof ruleGroupSchemaFor>>;
export type InhibitConfig = z.infer<typeof inhibitSchema>;
export type TimeWindowConfig = z.infer<typeof timeWindowSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
