import { describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';

const parse = (text: string) => parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });

function issuesOf(text: string): string[] {
  const result = parse(text);
  if (result.ok) throw new Error('expected the workspace to be rejected');
  return result.issues.map(formatIssue);
}

const base = `version: 1
channels:
  alice-hook: { webhook: { url: "http://127.0.0.1:9000/alice" } }
on_call:
  contacts:
    alice: [alice-hook]
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers:
        - people: [alice, bob]
          length: weekly
          hand_off: "09:00"
          start: "2026-11-02"
`;

describe('on_call in the workspace file', () => {
  it('accepts schedules, escalations and a route that pages oncall:<policy>, which becomes a channel like the others', () => {
    const result = parse(`${base}  escalations:
    primary:
      levels:
        - { schedule: primary, after: 10m }
        - { person: carol, notify: [alice-hook] }
routes:
  - notify: [oncall:primary]
`);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.workspace.config.on_call.escalations.primary?.levels.map((level) => level.after)).toEqual([600_000, 900_000]);
    expect(result.workspace.config.on_call.schedules.primary?.layers[0]?.length).toBe(7);
  });

  it('refuses overlapping overrides at the line of the second, naming the first', () => {
    expect(
      issuesOf(`${base}      overrides:
        - { person: carol, from: "2026-12-24 18:00", to: "2026-12-26 09:00" }
        - { person: dave, from: "2026-12-25 09:00", to: "2026-12-27 09:00" }
`),
    ).toEqual([
      'zervigo.yaml:17:11: on_call.schedules.primary.overrides[1]: this override (dave, 2026-12-25 09:00 to 2026-12-27 09:00) overlaps override 1 (carol, 2026-12-24 18:00 to 2026-12-26 09:00); shorten one so they do not overlap',
    ]);
  });

  it('names an unknown escalation policy, schedule or channel with a did-you-mean', () => {
    expect(
      issuesOf(`${base}  escalations:
    primary:
      levels:
        - { schedule: primray }
        - { person: bob, notify: [alice-hok] }
routes:
  - notify: [oncall:primery]
`),
    ).toEqual([
      'zervigo.yaml:18:23: on_call.escalations.primary.levels[0].schedule: unknown schedule "primray"; did you mean "primary"?',
      'zervigo.yaml:19:35: on_call.escalations.primary.levels[1].notify[0]: unknown channel "alice-hok"; did you mean "alice-hook"?',
      'zervigo.yaml:21:14: routes[0].notify[0]: unknown escalation policy "primery"; did you mean "primary"?',
    ]);
  });

  it('refuses a level that names both a schedule and a person, and a bad hand-off or length', () => {
    const issues = issuesOf(`version: 1
on_call:
  schedules:
    s:
      time_zone: UTC
      layers: [{ people: [a], length: fortnightly, hand_off: "9:00", start: "2026-02-30" }]
  escalations:
    p:
      levels: [{ schedule: s, person: a }]
`);
    expect(issues.join('\n')).toContain('expected daily, weekly or a number of days like 3d');
    expect(issues.join('\n')).toContain('expected HH:MM (24-hour local time), e.g. 09:00');
    expect(issues.join('\n')).toContain('"2026-02-30" is not a date');
    expect(issues.join('\n')).toContain('a level pages exactly one of schedule: or person:');
  });

  it('takes time-of-day restrictions on a layer, and refuses bad ones at their file:line:col', () => {
    const restricted = (restrictions: string) => `${base}          restrictions:\n${restrictions}`;
    const ok = parse(restricted('            - { weekdays: [mon, tue, wed, thu, fri], times: "09:00-17:00" }\n            - { times: "22:00-06:00" }\n'));
    if (!ok.ok) throw new Error(ok.issues.map(formatIssue).join('\n'));
    expect(ok.workspace.config.on_call.schedules.primary?.layers[0]?.restrictions).toEqual([
      { weekdays: [0, 1, 2, 3, 4], from: 540, to: 1020, text: 'mon-fri 09:00-17:00' },
      { weekdays: [0, 1, 2, 3, 4, 5, 6], from: 1320, to: 360, text: 'every day 22:00-06:00' },
    ]);
    expect(
      issuesOf(
        restricted(
          '            - { weekdays: [mon, fry], times: "09:00-17:00" }\n            - { times: "9-17" }\n            - { times: "08:00-08:00" }\n            - { weekdays: [sat], times: "10:00-24:00", hours: 3 }\n',
        ),
      ),
    ).toEqual([
      'zervigo.yaml:16:33: on_call.schedules.primary.layers[0].restrictions[0].weekdays[1]: a weekday is one of mon, tue, wed, thu, fri, sat, sun',
      'zervigo.yaml:17:24: on_call.schedules.primary.layers[0].restrictions[1].times: expected HH:MM-HH:MM (24-hour local time), e.g. 09:00-17:00 or 22:00-06:00',
      'zervigo.yaml:18:24: on_call.schedules.primary.layers[0].restrictions[2].times: "08:00-08:00" is empty: a window ends after it begins (crossing midnight is fine, e.g. 22:00-06:00); leave times out for whole days',
      'zervigo.yaml:19:56: on_call.schedules.primary.layers[0].restrictions[3]: unknown key "hours" (allowed: weekdays, times)',
    ]);
    expect(issuesOf(`${base}          restrictions: []\n`)).toEqual([
      'zervigo.yaml:15:25: on_call.schedules.primary.layers[0].restrictions: a layer restricted to no windows is never on call: leave restrictions out for all the time',
    ]);
  });
});
