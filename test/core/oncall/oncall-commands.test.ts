import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../helpers/fake-clock';
import { AlertingHarness } from '../rules/alerting-harness';

const workspace = `version: 1
on_call:
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers:
        - { people: [alice, bob], length: weekly, hand_off: "09:00", start: "2026-11-02" }
      overrides:
        - { person: carol, from: "2026-11-25 12:00", to: "2026-11-26 12:00" }
    nights:
      time_zone: UTC
      layers:
        - { people: [dave], length: daily, hand_off: "00:00", start: "2027-01-01" }
`;

const iso = (at: number | null | undefined) => (at === null || at === undefined ? at : new Date(at).toISOString());

describe('on-call commands', () => {
  it('oncall.now: who is on call in each schedule, since and until when, and who is next', async () => {
    // The fake clock starts on Sunday 22 November 2026, 12:00 UTC: alice's week (from Monday the 16th).
    const h = AlertingHarness.open(workspace);
    const [primary, nights] = await h.call('oncall.now');
    expect({ ...primary, since: iso(primary?.since), until: iso(primary?.until) }).toEqual({
      schedule: 'primary',
      timeZone: 'Europe/Berlin',
      person: 'alice',
      source: 'rotation',
      since: '2026-11-16T08:00:00.000Z',
      until: '2026-11-23T08:00:00.000Z',
      next: { person: 'bob', start: Date.parse('2026-11-23T08:00:00Z') },
    });
    // A gap: nobody now; the first shift ahead is next.
    expect(nights).toMatchObject({
      schedule: 'nights',
      person: null,
      since: null,
      until: null,
      next: { person: 'dave', start: Date.parse('2027-01-01T00:00:00Z') },
    });
  });

  it('oncall.shifts: the shifts of a range with the override cutting a rotation shift, and a clear error for an unknown schedule', async () => {
    const h = AlertingHarness.open(workspace);
    const view = await h.call('oncall.shifts', { schedule: 'primary' });
    expect(view.to - view.from).toBe(14 * 86_400_000);
    expect(view.layers).toEqual([{ people: ['alice', 'bob'], lengthDays: 7, handOff: '09:00', start: '2026-11-02', end: null, restrictions: [] }]);
    expect(view.shifts.map((shift) => `${shift.person}/${shift.source} ${iso(shift.start)}`)).toEqual([
      `alice/rotation ${iso(h.clock.now())}`,
      'bob/rotation 2026-11-23T08:00:00.000Z',
      'carol/override 2026-11-25T11:00:00.000Z',
      'bob/rotation 2026-11-26T11:00:00.000Z',
      'alice/rotation 2026-11-30T08:00:00.000Z',
    ]);
    await expect(h.call('oncall.shifts', { schedule: 'primay' })).rejects.toThrow('no schedule "primay"; did you mean "primary"?');
    await expect(h.call('oncall.shifts', { schedule: 'primary', from: 0, to: 200 * 86_400_000 })).rejects.toThrow('at most 93 days');
  });

  it('oncall.now honours a layer restricted to business hours, on the wall clock across the spring DST change', async () => {
    // Friday 26 March 2027 10:00 CET; Berlin springs forward on Sunday the 28th.
    const clock = new FakeClock(Date.parse('2027-03-26T09:00:00Z'));
    const h = AlertingHarness.open(
      `version: 1
on_call:
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers:
        - { people: [ops], length: weekly, hand_off: "09:00", start: "2027-01-04" }
        - people: [alice, bob]
          start: "2027-03-22"
          restrictions: [{ weekdays: [mon, tue, wed, thu, fri], times: "09:00-17:00" }]
`,
      clock,
    );
    const now = async () => {
      const [view] = await h.call('oncall.now');
      return { person: view?.person, since: iso(view?.since), until: iso(view?.until), next: view?.next?.person, nextAt: iso(view?.next?.start) };
    };
    expect(await now()).toEqual({
      person: 'alice',
      since: '2027-03-26T08:00:00.000Z',
      until: '2027-03-26T16:00:00.000Z',
      next: 'ops',
      nextAt: '2027-03-26T16:00:00.000Z',
    });
    h.clock.set(Date.parse('2027-03-26T16:00:00Z')); // 17:00 CET: business hours are over
    expect(await now()).toEqual({
      person: 'ops',
      since: '2027-03-26T16:00:00.000Z',
      until: '2027-03-29T07:00:00.000Z',
      next: 'bob',
      nextAt: '2027-03-29T07:00:00.000Z',
    });
    h.clock.set(Date.parse('2027-03-29T07:00:00Z')); // Monday 09:00 CEST, an hour earlier in UTC than Friday's
    expect(await now()).toEqual({
      person: 'bob',
      since: '2027-03-29T07:00:00.000Z',
      until: '2027-03-29T15:00:00.000Z',
      next: 'ops',
      nextAt: '2027-03-29T15:00:00.000Z',
    });
    const view = await h.call('oncall.shifts', { schedule: 'primary', from: Date.parse('2027-03-29T00:00:00Z'), to: Date.parse('2027-03-30T00:00:00Z') });
    expect(view.layers[1]?.restrictions).toEqual(['mon-fri 09:00-17:00']);
    expect(view.shifts.map((shift) => `${shift.person} ${iso(shift.start)}`)).toEqual([
      'ops 2027-03-29T00:00:00.000Z',
      'bob 2027-03-29T07:00:00.000Z',
      'ops 2027-03-29T15:00:00.000Z',
    ]);

    // Berlin falls back on Sunday 31 October: Friday's 17:00 CEST is 15:00Z, Monday's 09:00 CET 08:00Z.
    h.clock.set(Date.parse('2027-10-29T15:00:00Z'));
    expect(await now()).toEqual({
      person: 'ops',
      since: '2027-10-29T15:00:00.000Z',
      until: '2027-11-01T08:00:00.000Z',
      next: 'alice',
      nextAt: '2027-11-01T08:00:00.000Z',
    });
    h.clock.set(Date.parse('2027-11-01T08:00:00Z'));
    expect(await now()).toMatchObject({ person: 'alice', until: '2027-11-01T16:00:00.000Z' });
  });
});
