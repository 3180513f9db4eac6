import { z } from 'zod';
import { promqlExpression, regexValues, templateString, templateValues } from './alerting-checks';
import { exactlyOneOf, kindsAsOneOf } from './one-of';
import { commandLine, duration, labelSet, name } from './primitives';

/** What a rule may do when it fires (`then:`); targets may be templates like {{ $labels.service }}. */
const actionKinds = ['restart', 'start', 'stop', 'exec', 'notify'] as const;
const actionDescriptions: Record<(typeof actionKinds)[number], string> = {
  restart: 'Restart a service (a template like "{{ $labels.service }}"); counts against its restart budget.',
  start: 'Start a service (a template like "{{ $labels.service }}").',
  stop: 'Stop a service (a template like "{{ $labels.service }}").',
  exec: 'Run a command (argv, or a line split into words); its arguments may be templates.',
  notify: 'Send a notification to these channels.',
};
const actionSchema = z
  .strictObject({
    restart: z.string().min(1).check(templateString).optional().describe(actionDescriptions.restart),
    start: z.string().min(1).check(templateString).optional().describe(actionDescriptions.start),
    stop: z.string().min(1).check(templateString).optional().describe(actionDescriptions.stop),
    exec: commandLine.optional().describe(actionDescriptions.exec),
    notify: z
      .union([name, z.array(name).min(1)])
      .optional()
      .describe(actionDescriptions.notify),
    shell: z.boolean().default(false).describe('exec: run through /bin/sh -c.'),
    timeout: duration.prefault('30s').describe('How long the action may take.'),
    dry_run: z.boolean().default(false).describe('Record what would have been done, without doing it.'),
  })
  .check(exactlyOneOf(actionKinds, 'an action'))
  .meta(kindsAsOneOf(actionDescriptions));

/** "More than `changes` state changes within `within`" is flapping: shown, and held back from paging. */
const flappingSchema = z.union([
  z.literal(false),
  z.strictObject({
    changes: z.number().int().min(2).max(1000).describe('State changes that make it flapping…'),
    within: duration.describe('…within this window.'),
  }),
]);

export const ruleSchema = z.strictObject({
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
  then: z.array(actionSchema).default([]).describe('What to do when it fires: restart, start, stop, exec or notify.'),
});

export const ruleGroupSchema = z.strictObject({
  name: name.describe('The group\'s name (unique; "default" is the top-level rules\').'),
  interval: duration.optional().describe('How often its rules are evaluated (default: evaluation_interval).'),
  rules: z.array(ruleSchema).min(1, 'a rule group needs at least one rule').describe('Its rules.'),
});

export const routeSchema = z.strictObject({
  match: z.record(z.string(), z.string()).default({}).describe('Labels an alert must have (label: value) to take this route; none: every alert.'),
  match_re: z.record(z.string(), z.string()).check(regexValues).default({}).describe('Labels whose values must match these regular expressions (anchored).'),
  notify: z.array(name).default([]).describe('The channels (under channels:) its notifications go to.'),
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
 * and where a channel of it sends (for views; without secrets). Its behaviour (send) sits in
 * notify/ (ChannelKind extends this); the schema is assembled from the registry's kinds.
 */
export interface ChannelKindSchema<Options = unknown> {
  /** The key written in zervigo.yaml (`slack: {...}`); also the channel's kind label. */
  kind: string;
  /** One sentence for editors and `zervigo config schema`. */
  summary: string;
  /** Its options, as written under its key. */
  schema: z.ZodType<Options>;
  /** Where it sends, in one line, with secrets (webhook paths, passwords) left out. */
  describe(options: Options): string;
}

const channelCommonShape = {
  send_resolved: z.boolean().default(true).describe('Also say when alerts resolve.'),
};

/** A channel as validated: `send_resolved`, its kind (the key it was written under), its target, and the kind's options under that key. */
export type ChannelConfig = z.output<z.ZodObject<typeof channelCommonShape>> & {
  kind: string;
  target: string;
  [kindKey: string]: unknown;
};

/** One channel: exactly one kind key with its options, for the kinds given. Built once per set of kinds. */
export function channelSchemaFor(kinds: readonly ChannelKindSchema[]): z.ZodType<ChannelConfig, unknown> {
  const cached = channelSchemas.get(kinds);
  if (cached !== undefined) return cached;
  const keys = kinds.map((kind) => kind.kind);
  const schema = z
    .strictObject({ ...Object.fromEntries(kinds.map((kind) => [kind.kind, kind.schema.optional().describe(kind.summary)])), ...channelCommonShape })
    .check(exactlyOneOf(keys, 'a channel'))
    .meta(kindsAsOneOf(Object.fromEntries(kinds.map((kind) => [kind.kind, kind.summary]))))
    .transform((channel) => {
      const kind = kinds.find((candidate) => (channel as Record<string, unknown>)[candidate.kind] !== undefined);
      return { ...channel, kind: kind?.kind ?? '', target: kind?.describe((channel as Record<string, unknown>)[kind.kind]) ?? '' };
    }) as unknown as z.ZodType<ChannelConfig, unknown>;
  channelSchemas.set(kinds, schema);
  return schema;
}

const channelSchemas = new WeakMap<readonly ChannelKindSchema[], z.ZodType<ChannelConfig, unknown>>();

export type RuleConfig = z.infer<typeof ruleSchema>;
export type RuleGroupConfig = z.infer<typeof ruleGroupSchema>;
export type InhibitConfig = z.infer<typeof inhibitSchema>;
export type TimeWindowConfig = z.infer<typeof timeWindowSchema>;
export type ActionConfig = z.infer<typeof actionSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
