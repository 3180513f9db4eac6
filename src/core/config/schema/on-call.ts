import { z } from 'zod';
import { compareDates, instantOf, isTimeZone, knownTimeZones, parseLocalDate, parseLocalDateTime } from '../../../shared/zoned-time';
import { didYouMean } from '../did-you-mean';
import { duration, name } from './primitives';

/** A person by their user name (zervigo users list); checked against the people when paged, not at load. */
const person = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/, 'a person is a user name (zervigo users list)')
  .describe('A person, by user name.');

const timeZone = z
  .string()
  .check((ctx) => {
    if (isTimeZone(ctx.value)) return;
    const hint = didYouMean(ctx.value, knownTimeZones());
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `"${ctx.value}" is not an IANA time zone${hint !== null ? `; did you mean "${hint}"?` : ', e.g. Europe/Berlin, America/New_York or UTC'}`,
    });
  })
  .describe('The IANA time zone hand-offs and overrides are written in, e.g. Europe/Berlin.');

/** daily, weekly or "N" days ("3d"): a rotation hands off every this many calendar days. */
const rotationLength = z
  .union([z.literal('daily'), z.literal('weekly'), z.string().regex(/^[1-9]\d{0,2}d$/, 'expected daily, weekly or a number of days like 3d')])
  .transform((text) => (text === 'daily' ? 1 : text === 'weekly' ? 7 : Number(text.slice(0, -1))))
  .describe('How long each person is on call: daily, weekly, or N days (e.g. 3d); hand-offs follow the wall clock across DST changes.');

const handOff = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour local time), e.g. 09:00')
  .transform((text) => ({ hour: Number(text.slice(0, 2)), minute: Number(text.slice(3)) }))
  .describe('The local time (in the time zone) a shift hands over, HH:MM.');

const localDate = z.string({ error: 'expected a date like 2026-11-02 (quote it)' }).transform((text, ctx) => {
  const date = parseLocalDate(text);
  if (date === null) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a date; write YYYY-MM-DD, e.g. 2026-11-02` });
    return z.NEVER;
  }
  return date;
});

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TIME_OF_DAY = '([01]\\d|2[0-3]):[0-5]\\d';

/**
 * When a layer is active (PagerDuty's restrictions): on these weekdays, between these wall-clock
 * times in the schedule's time zone. "22:00-06:00" crosses midnight and belongs to the day it
 * starts on; "09:00-24:00" runs to midnight. Outside every one of them the layer has nobody, so a
 * lower layer (or nobody) is on call.
 */
const restrictionSchema = z
  .strictObject({
    weekdays: z
      .array(z.enum(WEEKDAYS, { error: 'a weekday is one of mon, tue, wed, thu, fri, sat, sun' }))
      .min(1, 'name at least one weekday, or leave weekdays out for every day')
      .optional()
      .describe('The days a window starts on (none: every day).'),
    times: z
      .string()
      .regex(new RegExp(`^${TIME_OF_DAY}-(${TIME_OF_DAY}|24:00)$`), 'expected HH:MM-HH:MM (24-hour local time), e.g. 09:00-17:00 or 22:00-06:00')
      .optional()
      .describe('From-to in the time zone, HH:MM-HH:MM; "22:00-06:00" crosses midnight (none: the whole day).'),
  })
  .check((ctx) => {
    const times = ctx.value.times;
    if (times === undefined) return;
    const [from, to] = times.split('-');
    if (from === to || (from === '00:00' && to === '24:00' && ctx.value.weekdays === undefined))
      ctx.issues.push({
        code: 'custom',
        input: times,
        path: ['times'],
        message:
          from === to
            ? `"${times}" is empty: a window ends after it begins (crossing midnight is fine, e.g. 22:00-06:00); leave times out for whole days`
            : `"${times}" on every day is all the time: leave restrictions out instead`,
      });
  })
  .transform((restriction) => {
    const [from = '00:00', to = '24:00'] = restriction.times?.split('-') ?? [];
    return {
      weekdays: (restriction.weekdays ?? [...WEEKDAYS]).map((day) => WEEKDAYS.indexOf(day)),
      from: minutesOf(from),
      to: minutesOf(to),
      text: `${restriction.weekdays === undefined ? 'every day' : weekdaysText(restriction.weekdays)} ${from}-${to}`,
    };
  });

/** "mon-fri", "sat, sun", "mon, wed-fri": runs of three or more days as a range, in week order. */
function weekdaysText(days: readonly (typeof WEEKDAYS)[number][]): string {
  const indexes = [...new Set(days.map((day) => WEEKDAYS.indexOf(day)))].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const index of indexes) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1) === index - 1) run.push(index);
    else runs.push([index]);
  }
  return runs
    .flatMap((run) => (run.length >= 3 ? [`${WEEKDAYS[run[0] as number]}-${WEEKDAYS[run.at(-1) as number]}`] : run.map((index) => WEEKDAYS[index])))
    .join(', ');
}

function minutesOf(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

const layerSchema = z.strictObject({
  people: z.array(person).min(1, 'a rotation needs at least one person').describe('Who takes turns, in order.'),
  length: rotationLength.prefault('weekly'),
  hand_off: handOff.prefault('09:00'),
  start: localDate.describe("The date the first person's first shift begins (at hand_off); nobody is on call in this layer before it."),
  end: localDate.optional().describe('The date this layer stops (at hand_off), e.g. when another layer takes over.'),
  restrictions: z
    .array(restrictionSchema)
    .min(1, 'a layer restricted to no windows is never on call: leave restrictions out for all the time')
    .optional()
    .describe(
      'Only on call within these weekly windows in the time zone, e.g. [{ weekdays: [mon, tue, wed, thu, fri], times: "09:00-17:00" }]; the rotation still hands off as usual.',
    ),
});

/** An instant written in the schedule's time zone ("2026-12-24 18:00") or with its own offset (ISO 8601 with Z or ±HH:MM). */
const overrideTime = z.string().describe('Local time in the time zone (YYYY-MM-DD HH:MM), or ISO 8601 with Z or an offset.');

const overrideSchema = z.strictObject({
  person,
  from: overrideTime,
  to: overrideTime,
});

function instantIn(text: string, zone: string): number | null {
  const local = parseLocalDateTime(text);
  if (local !== null) return instantOf(local, zone);
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

/**
 * A schedule: rotation layers (a later layer wins where it has someone) and overrides (which win
 * over every layer). Overrides may not overlap: which one should hold would be a guess, so the
 * file is refused and the message names both.
 */
export const scheduleSchema = z
  .strictObject({
    time_zone: timeZone,
    layers: z.array(layerSchema).min(1, 'a schedule needs at least one rotation layer').describe('Rotations; a later layer wins where it has someone on call.'),
    overrides: z.array(overrideSchema).default([]).describe('Someone else on call for a while: { person, from, to } (a vacation, a swap).'),
  })
  .transform((schedule, ctx) => {
    const zone = isTimeZone(schedule.time_zone) ? schedule.time_zone : 'UTC';
    const overrides: ScheduleOverride[] = [];
    schedule.overrides.forEach((override, i) => {
      const from = instantIn(override.from, zone);
      const to = instantIn(override.to, zone);
      for (const [key, at] of [
        ['from', from],
        ['to', to],
      ] as const)
        if (at === null)
          ctx.addIssue({
            code: 'custom',
            path: ['overrides', i, key],
            message: `"${override[key]}" is not a time; write YYYY-MM-DD HH:MM (in ${zone}) or ISO 8601 with an offset`,
          });
      if (from === null || to === null) return;
      if (to <= from) {
        ctx.addIssue({ code: 'custom', path: ['overrides', i, 'to'], message: `the override ends (${override.to}) before it begins (${override.from})` });
        return;
      }
      const clash = overrides.find((other) => other.from < to && from < other.to);
      if (clash !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['overrides', i],
          message: `this override (${override.person}, ${override.from} to ${override.to}) overlaps override ${clash.index + 1} (${clash.person}, ${clash.fromText} to ${clash.toText}); shorten one so they do not overlap`,
        });
      else overrides.push({ index: i, person: override.person, from, to, fromText: override.from, toText: override.to });
    });
    schedule.layers.forEach((layer, i) => {
      if (layer.end !== undefined && compareDates(layer.end, layer.start) <= 0)
        ctx.addIssue({ code: 'custom', path: ['layers', i, 'end'], message: 'the layer ends before it starts' });
    });
    return { time_zone: schedule.time_zone, layers: schedule.layers, overrides };
  });

export interface ScheduleOverride {
  /** Its position under overrides:, for messages. */
  index: number;
  person: string;
  from: number;
  to: number;
  fromText: string;
  toText: string;
}

/** A level: a schedule's person on call, or a named person; reached through `notify` or the person's contacts. */
const levelSchema = z
  .strictObject({
    schedule: name.optional().describe('Page whoever is on call in this schedule (under on_call.schedules).'),
    person: person.optional(),
    notify: z.array(name).optional().describe("The channels that reach them (default: the person's channels under on_call.contacts)."),
    after: duration.prefault('15m').describe('Not acknowledged within this long: the next level is paged.'),
  })
  .check((ctx) => {
    const set = [ctx.value.schedule, ctx.value.person].filter((value) => value !== undefined).length;
    if (set !== 1) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'a level pages exactly one of schedule: or person:' });
  });

export const escalationSchema = z.strictObject({
  levels: z.array(levelSchema).min(1, 'an escalation policy needs at least one level').describe('Paged in order until someone acknowledges.'),
  repeat: z.number().int().min(0).max(10).default(0).describe('After the last level, start again from the first this many times.'),
});

export const onCallSchema = z.strictObject({
  contacts: z.record(person, z.array(name).min(1)).default({}).describe('How each person is reached: user name → channels (under channels:).'),
  schedules: z.record(name, scheduleSchema).default({}).describe('Who is on call when: rotation layers with hand-offs in a time zone, and overrides.'),
  escalations: z
    .record(name, escalationSchema)
    .default({})
    .describe('Escalation policies, used by routes as the channel oncall:<name>: levels paged in turn until someone acknowledges.'),
});

export type OnCallConfig = z.output<typeof onCallSchema>;
export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type ScheduleLayerConfig = ScheduleConfig['layers'][number];
/** A window a layer is active in: weekdays as 0 = Monday … 6 = Sunday, minutes of the local day (to may be 1440, or below from when it crosses midnight). */
export type LayerRestriction = NonNullable<ScheduleLayerConfig['restrictions']>[number];
export type EscalationConfig = z.output<typeof escalationSchema>;
export type EscalationLevelConfig = EscalationConfig['levels'][number];

/** The channel a route writes as `oncall:<policy>`. */
export const ONCALL_CHANNEL_PREFIX = 'oncall:';

type Reference = (path: PropertyKey[], kind: string, value: string, known: string[]) => void;
type Push = (issue: { code: 'custom'; input: unknown; path: PropertyKey[]; message: string }) => void;

/** on_call names schedules and channels; an escalation's channels may not page through another escalation. */
export function checkOnCallReferences(
  onCall: OnCallConfig,
  channels: Readonly<Record<string, { kind: string }>>,
  unknownReference: Reference,
  push: Push,
): void {
  const channelNames = Object.keys(channels);
  const schedules = Object.keys(onCall.schedules);
  const checkChannel = (path: PropertyKey[], channel: string): void => {
    if (!channelNames.includes(channel)) unknownReference(path, 'channel', channel, channelNames);
    else if (channels[channel]?.kind === 'oncall')
      push({ code: 'custom', input: channel, path, message: `"${channel}" is an escalation itself; page people through their own channels` });
  };
  for (const [who, list] of Object.entries(onCall.contacts)) list.forEach((channel, i) => checkChannel(['on_call', 'contacts', who, i], channel));
  for (const [policy, escalation] of Object.entries(onCall.escalations))
    escalation.levels.forEach((level, i) => {
      const at = ['on_call', 'escalations', policy, 'levels', i];
      if (level.schedule !== undefined && !schedules.includes(level.schedule)) unknownReference([...at, 'schedule'], 'schedule', level.schedule, schedules);
      level.notify?.forEach((channel, j) => checkChannel([...at, 'notify', j], channel));
    });
}
