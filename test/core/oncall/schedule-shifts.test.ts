import { describe, expect, it } from 'vitest';
import { scheduleSchema, type ScheduleConfig } from '../../../src/core/config/schema';
import { onCallAt, shiftsBetween } from '../../../src/core/oncall/schedule-shifts';

const schedule = (input: unknown): ScheduleConfig => scheduleSchema.parse(input);
const utc = (text: string): number => Date.parse(text);
const who = (config: ScheduleConfig, at: string): string | null => onCallAt(config, utc(at))?.person ?? null;

describe('rotations', () => {
  it('hands off weekly at the local hand-off time across the spring DST change (Europe/Berlin, 29 March 2026)', () => {
    const config = schedule({ time_zone: 'Europe/Berlin', layers: [{ people: ['alice', 'bob'], length: 'weekly', hand_off: '09:00', start: '2026-03-23' }] });
    expect(who(config, '2026-03-23T07:59:00Z')).toBeNull(); // 08:59 CET: before the first shift
    expect(who(config, '2026-03-23T08:00:00Z')).toBe('alice'); // 09:00 CET
    // A week later the clocks are an hour ahead: 09:00 CEST is 07:00 UTC, not 08:00.
    expect(who(config, '2026-03-30T06:59:00Z')).toBe('alice');
    expect(who(config, '2026-03-30T07:00:00Z')).toBe('bob');
    expect(who(config, '2026-04-06T07:00:00Z')).toBe('alice');
    const shifts = shiftsBetween(config, utc('2026-03-23T00:00:00Z'), utc('2026-04-07T00:00:00Z'));
    expect(shifts.map((shift) => [shift.person, new Date(shift.start).toISOString(), new Date(shift.end).toISOString()])).toEqual([
      ['alice', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z'],
      ['bob', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z'],
      ['alice', '2026-04-06T07:00:00.000Z', '2026-04-07T00:00:00.000Z'],
    ]);
  });

  it('hands off at the local time across the autumn change, and a daily hand-off inside the skipped hour moves forward by the gap', () => {
    const autumn = schedule({
      time_zone: 'America/New_York',
      layers: [{ people: ['ann', 'ben', 'cy'], length: 'daily', hand_off: '08:00', start: '2026-10-30' }],
    });
    // 1 November 2026: New York falls back at 02:00. 08:00 EDT = 12:00Z on the 31st, 08:00 EST = 13:00Z on the 1st.
    expect(who(autumn, '2026-10-31T11:59:00Z')).toBe('ann');
    expect(who(autumn, '2026-10-31T12:00:00Z')).toBe('ben');
    expect(who(autumn, '2026-11-01T12:59:00Z')).toBe('ben');
    expect(who(autumn, '2026-11-01T13:00:00Z')).toBe('cy');
    const gap = schedule({ time_zone: 'Europe/Berlin', layers: [{ people: ['a', 'b'], length: 'daily', hand_off: '02:30', start: '2026-03-28' }] });
    // 02:30 does not exist on 29 March in Berlin: the hand-off is at 03:30 CEST (01:30Z).
    expect(who(gap, '2026-03-29T01:29:00Z')).toBe('a');
    expect(who(gap, '2026-03-29T01:30:00Z')).toBe('b');
  });

  it('rotates every N days, and a later layer takes over from its start', () => {
    const config = schedule({
      time_zone: 'UTC',
      layers: [
        { people: ['a', 'b'], length: '3d', hand_off: '00:00', start: '2026-01-01' },
        { people: ['c'], length: 'weekly', hand_off: '12:00', start: '2026-01-10', end: '2026-01-12' },
      ],
    });
    expect(who(config, '2026-01-03T23:59:00Z')).toBe('a');
    expect(who(config, '2026-01-04T00:00:00Z')).toBe('b');
    expect(who(config, '2026-01-07T00:00:00Z')).toBe('a');
    expect(who(config, '2026-01-10T12:00:00Z')).toBe('c');
    expect(who(config, '2026-01-12T12:00:00Z')).toBe('b'); // the second layer ended: the first's shift of 10–13 January
  });
});

describe('overrides', () => {
  const base = { time_zone: 'Europe/Berlin', layers: [{ people: ['alice', 'bob'], length: 'weekly', hand_off: '09:00', start: '2026-12-21' }] };

  it('win over the rotation, in the time zone of the schedule, and cut a shift in two', () => {
    const config = schedule({ ...base, overrides: [{ person: 'carol', from: '2026-12-24 18:00', to: '2026-12-26T09:00' }] });
    expect(who(config, '2026-12-24T16:59:00Z')).toBe('alice');
    expect(who(config, '2026-12-24T17:00:00Z')).toBe('carol'); // 18:00 CET
    expect(who(config, '2026-12-26T08:00:00Z')).toBe('alice');
    const shifts = shiftsBetween(config, utc('2026-12-21T08:00:00Z'), utc('2026-12-28T08:00:00Z'));
    expect(shifts.map((shift) => `${shift.person}:${shift.source}`)).toEqual(['alice:rotation', 'carol:override', 'alice:rotation']);
  });

  it('that overlap are refused, naming both', () => {
    const result = scheduleSchema.safeParse({
      ...base,
      overrides: [
        { person: 'carol', from: '2026-12-24 18:00', to: '2026-12-26 09:00' },
        { person: 'dave', from: '2026-12-26 08:00', to: '2026-12-27 09:00' },
      ],
    });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['overrides', 1]);
    expect(issue?.message).toContain('overlaps override 1 (carol, 2026-12-24 18:00 to 2026-12-26 09:00)');
  });

  it('that touch end to end are accepted; one that ends before it begins is refused', () => {
    expect(
      scheduleSchema.safeParse({
        ...base,
        overrides: [
          { person: 'carol', from: '2026-12-24 18:00', to: '2026-12-26 09:00' },
          { person: 'dave', from: '2026-12-26 09:00', to: '2026-12-27 09:00' },
        ],
      }).success,
    ).toBe(true);
    const backwards = scheduleSchema.safeParse({ ...base, overrides: [{ person: 'carol', from: '2026-12-26 09:00', to: '2026-12-24 09:00' }] });
    expect(backwards.error?.issues[0]?.message).toContain('ends (2026-12-24 09:00) before it begins');
  });

  it('a time zone that does not exist is refused with a hint', () => {
    const result = scheduleSchema.safeParse({ ...base, time_zone: 'Europe/Berln' });
    expect(result.error?.issues[0]?.message).toBe('"Europe/Berln" is not an IANA time zone; did you mean "Europe/Berlin"?');
  });
});
