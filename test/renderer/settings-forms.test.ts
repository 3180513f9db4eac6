import { describe, expect, it } from 'vitest';
import { channelFormOf, channelFormProblem, channelValueOf } from '../../src/renderer/src/pages/settings/channel-form';
import {
  describePeriod,
  routeSummariesOf,
  timeWindowFormOf,
  timeWindowProblem,
  timeWindowValueOf,
} from '../../src/renderer/src/pages/settings/time-window-form';
import { matcherProblem, operatorOf, silenceLength, toMatcher } from '../../src/renderer/src/pages/alerts/silence-form';

describe('the channel form', () => {
  it('reads a channel as written and writes back only what the chosen kind needs, keeping ${VAR}', () => {
    const form = channelFormOf('ops', { webhook: { url: '${OPS_HOOK}', headers: { Authorization: 'Bearer ${TOKEN}' } }, send_resolved: true });
    expect(form).toMatchObject({ kind: 'webhook', webhookUrl: '${OPS_HOOK}', headers: [{ name: 'Authorization', value: 'Bearer ${TOKEN}' }] });
    expect(channelValueOf(form)).toEqual({ webhook: { url: '${OPS_HOOK}', headers: { Authorization: 'Bearer ${TOKEN}' } }, send_resolved: true });
    expect(channelValueOf({ ...form, kind: 'email', smtp: 'smtp://127.0.0.1:2525', to: 'a@example.com, b@example.com' })).toEqual({
      email: { smtp: 'smtp://127.0.0.1:2525', to: ['a@example.com', 'b@example.com'] },
      send_resolved: true,
    });
    expect(channelValueOf(channelFormOf('d', { desktop: true }))).toEqual({ desktop: true });
  });

  it('says what is missing', () => {
    const form = channelFormOf('', {});
    expect(channelFormProblem(form, [])).toMatch(/^A name/);
    expect(channelFormProblem({ ...form, name: 'ops' }, ['ops'])).toBe('There is already a channel "ops".');
    expect(channelFormProblem({ ...form, name: 'ops' }, [])).toBe('The webhook URL.');
  });
});

describe('the maintenance window form', () => {
  const routes = routeSummariesOf([{ match: { severity: 'critical' }, notify: ['ops'], mute_when: ['nightly'] }, { notify: ['desktop'] }]);

  it('reads periods and the routes a window mutes, and writes the workspace form', () => {
    expect(routes.map((route) => route.label)).toEqual(['severity=critical → ops', 'every alert → desktop']);
    const form = timeWindowFormOf('nightly', [{ weekdays: ['sun', 'sat'], times: '22:00-06:00' }, { weekdays: ['wed'] }], routes);
    expect(form.mutedRoutes).toEqual([0]);
    expect(form.periods.map(describePeriod)).toEqual(['Sat, Sun 22:00–06:00 (crosses midnight)', 'Wed, all day']);
    expect(timeWindowValueOf(form)).toEqual([{ weekdays: ['sat', 'sun'], times: '22:00-06:00' }, { weekdays: ['wed'] }]);
    expect(timeWindowProblem({ ...form, periods: [{ days: [], allDay: false, from: '25:00', to: '06:00' }] }, [])).toBe('Times as HH:MM, 24-hour.');
  });
});

describe('the silence form', () => {
  it('maps Alertmanager operators to matchers and checks regular expressions and durations', () => {
    expect(toMatcher({ id: 0, name: 'service', operator: '!~', value: 'db.*' })).toEqual({ name: 'service', value: 'db.*', isRegex: true, isEqual: false });
    expect(operatorOf({ isRegex: false, isEqual: false })).toBe('!=');
    expect(matcherProblem({ id: 0, name: 'service', operator: '=~', value: 'db(' })).toMatch(/Unterminated group/);
    expect(matcherProblem({ id: 0, name: '1x', operator: '=', value: '' })).toMatch(/label name/);
    expect(silenceLength('custom', '90m')).toEqual({ ms: 5_400_000, text: '1h30m' });
    expect(silenceLength('custom', '90')).toBeNull();
    expect(silenceLength('1w', '')).toEqual({ ms: 604_800_000, text: '7d' });
  });
});
