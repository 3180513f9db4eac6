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

const span = (config: ScheduleConfig, from: string, to: string) =>
  shiftsBetween(config, utc(from), utc(to)).map((shift) => `${shift.person} ${new Date(shift.start).toISOString()} → ${new Date(shift.end).toISOString()}`);

describe('time-of-day restrictions', () => {
  // A 24/7 base layer, and business hours on top (a later layer wins where it has someone on call).
  const businessHours = schedule({
    time_zone: 'Europe/Berlin',
    layers: [
      { people: ['ops'], length: 'weekly', hand_off: '09:00', start: '2027-01-04' },
      {
        people: ['alice', 'bob'],
        length: 'weekly',
        hand_off: '09:00',
        start: '2027-03-22',
        restrictions: [{ weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], times: '09:00-17:00' }],
      },
    ],
  });

  it('Mon–Fri 09:00–17:00 Berlin time stays 09:00–17:00 on the wall clock across the spring change (28 March 2027); the base layer covers the rest', () => {
    // Friday 26 March: CET (UTC+1). Monday 29 March: CEST (UTC+2): 09:00 is 07:00Z.
    expect(span(businessHours, '2027-03-26T00:00:00Z', '2027-03-30T00:00:00Z')).toEqual([
      'ops 2027-03-26T00:00:00.000Z → 2027-03-26T08:00:00.000Z',
      'alice 2027-03-26T08:00:00.000Z → 2027-03-26T16:00:00.000Z',
      'ops 2027-03-26T16:00:00.000Z → 2027-03-29T07:00:00.000Z',
      'bob 2027-03-29T07:00:00.000Z → 2027-03-29T15:00:00.000Z',
      'ops 2027-03-29T15:00:00.000Z → 2027-03-30T00:00:00.000Z',
    ]);
    expect(who(businessHours, '2027-03-29T06:59:00Z')).toBe('ops');
    expect(who(businessHours, '2027-03-29T07:00:00Z')).toBe('bob');
    expect(onCallAt(businessHours, utc('2027-03-29T12:00:00Z'))).toMatchObject({
      person: 'bob',
      start: utc('2027-03-29T07:00:00Z'),
      end: utc('2027-03-29T15:00:00Z'),
    });
    expect(who(businessHours, '2027-03-27T12:00:00Z')).toBe('ops'); // Saturday
  });

  it('and across the autumn change (31 October 2027): 09:00 CEST on Friday is 07:00Z, 09:00 CET on Monday 08:00Z', () => {
    expect(span(businessHours, '2027-10-29T00:00:00Z', '2027-11-02T00:00:00Z')).toEqual([
      'ops 2027-10-29T00:00:00.000Z → 2027-10-29T07:00:00.000Z',
      'bob 2027-10-29T07:00:00.000Z → 2027-10-29T15:00:00.000Z',
      'ops 2027-10-29T15:00:00.000Z → 2027-11-01T08:00:00.000Z',
      'alice 2027-11-01T08:00:00.000Z → 2027-11-01T16:00:00.000Z',
      'ops 2027-11-01T16:00:00.000Z → 2027-11-02T00:00:00.000Z',
    ]);
  });

  it('a night window crossing midnight is 7 hours the night the clocks spring forward and 9 the night they fall back; without a base layer nobody is on call outside it', () => {
    const nights = schedule({
      time_zone: 'Europe/Berlin',
      layers: [{ people: ['nina'], length: 'weekly', hand_off: '22:00', start: '2027-01-01', restrictions: [{ times: '22:00-06:00' }] }],
    });
    expect(span(nights, '2027-03-27T12:00:00Z', '2027-03-28T12:00:00Z')).toEqual(['nina 2027-03-27T21:00:00.000Z → 2027-03-28T04:00:00.000Z']);
    expect(span(nights, '2027-10-30T12:00:00Z', '2027-10-31T12:00:00Z')).toEqual(['nina 2027-10-30T20:00:00.000Z → 2027-10-31T05:00:00.000Z']);
    expect(who(nights, '2027-03-28T12:00:00Z')).toBeNull();
    // The part after midnight belongs to the day the window starts on: Friday nights only means Saturday 05:00, not Friday 05:00.
    const fridays = schedule({
      time_zone: 'Europe/Berlin',
      layers: [{ people: ['fred'], length: 'weekly', hand_off: '00:00', start: '2027-01-01', restrictions: [{ weekdays: ['fri'], times: '22:00-06:00' }] }],
    });
    expect(who(fridays, '2027-03-20T04:00:00Z')).toBe('fred'); // Saturday 05:00 CET
    expect(who(fridays, '2027-03-19T04:00:00Z')).toBeNull(); // Friday 05:00 CET
  });

  it('a window starting in the skipped hour begins when the clock reaches it after the gap; one over the repeated hour holds both', () => {
    const early = (times: string) =>
      schedule({
        time_zone: 'Europe/Berlin',
        layers: [{ people: ['eve'], length: 'daily', hand_off: '00:00', start: '2027-01-01', restrictions: [{ times }] }],
      });
    // 28 March 2027: 02:00 CET becomes 03:00 CEST. 02:00–04:00 is one hour that night (03:00–04:00 CEST = 01:00–02:00Z).
    expect(span(early('02:00-04:00'), '2027-03-28T00:00:00Z', '2027-03-28T06:00:00Z')).toEqual(['eve 2027-03-28T01:00:00.000Z → 2027-03-28T02:00:00.000Z']);
    // 31 October 2027: 03:00 CEST becomes 02:00 CET. 02:00–03:00 runs from the first 02:00 (00:00Z) to 03:00 CET (02:00Z): two hours.
    expect(span(early('02:00-03:00'), '2027-10-31T00:00:00Z', '2027-10-31T06:00:00Z')).toEqual(['eve 2027-10-31T00:00:00.000Z → 2027-10-31T02:00:00.000Z']);
  });

  it('overrides still win inside and outside the windows', () => {
    const withOverride = schedule({
      time_zone: 'UTC',
      layers: [{ people: ['day'], length: 'weekly', hand_off: '09:00', start: '2027-01-04', restrictions: [{ times: '09:00-17:00' }] }],
      overrides: [{ person: 'sub', from: '2027-01-05 16:00', to: '2027-01-05 18:00' }],
    });
    expect(span(withOverride, '2027-01-05T08:00:00Z', '2027-01-05T20:00:00Z')).toEqual([
      'day 2027-01-05T09:00:00.000Z → 2027-01-05T16:00:00.000Z',
      'sub 2027-01-05T16:00:00.000Z → 2027-01-05T18:00:00.000Z',
    ]);
  });
});
