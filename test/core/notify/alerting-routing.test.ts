import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../../src/core/notify/channels/webhook';
import { HttpReceiver } from '../../helpers/http-receiver';
import { waitFor } from '../../helpers/wait-for';
import { AlertingHarness } from '../rules/alerting-harness';

const MINUTE = 60;
/** Every notification a clock step made due has been attempted (nothing is being sent). */
const settled = (h: AlertingHarness) => h.engine.notify.deliveriesIdle();
const bodies = (receiver: HttpReceiver) => receiver.requests.map((request) => request.body as AlertmanagerWebhookPayload);
const names = (payload: AlertmanagerWebhookPayload | undefined) =>
  payload?.alerts.map((alert) => `${alert.labels.alertname}/${alert.labels.service ?? alert.labels.host}:${alert.status}`).sort();

describe('routing', () => {
  it('reminds after repeat, backing off, stops reminding once acknowledged, and still says resolved', async () => {
    const receiver = await HttpReceiver.start();
    const h = AlertingHarness.open(`version: 1
routes:
  - notify: [hook]
    group_wait: 0s
    group_interval: 30s
    repeat: 1m
    repeat_backoff: 2
channels:
  hook: { webhook: { url: "${receiver.url}" } }
`);
    const alert = h.engine.notify.raiseExternal({
      alertname: 'GaveUp',
      labels: { service: 'api', severity: 'critical' },
      annotations: { summary: 'api restarted 3 times within 10m' },
    });
    await waitFor(() => receiver.requests.length === 1, { what: 'the first notification' });
    const counts: number[] = [];
    for (let minute = 1; minute <= 8; minute++) {
      h.run(MINUTE);
      await settled(h);
      counts.push(receiver.requests.length);
    }
    // Reminders after 1 min, then 2 min more, then 4 min more: at minutes 1, 3 and 7.
    expect(counts).toEqual([2, 2, 3, 3, 3, 3, 4, 4]);
    expect(
      bodies(receiver)
        .slice(1)
        .every((body) => body.status === 'firing'),
    ).toBe(true);

    const acked = await h.call('alerts.acknowledge', { fingerprint: alert.fingerprint, comment: 'on it' });
    expect(acked.ack).toMatchObject({ by: 'tester', comment: 'on it', at: h.clock.now() });
    h.run(30 * MINUTE);
    await settled(h);
    expect(receiver.requests).toHaveLength(4);

    expect(h.engine.notify.resolveExternal({ alertname: 'GaveUp', labels: { service: 'api', severity: 'critical' } })).toBe(true);
    h.run(MINUTE);
    await waitFor(() => receiver.requests.length === 5, { what: 'the resolved notification' });
    expect(bodies(receiver)[4]?.status).toBe('resolved');
    // Acknowledgement ends with the alert.
    expect((await h.call('alerts.list'))[0]).toMatchObject({ state: 'resolved', ack: null });
  });

  it('notifies a firing after a resolve as news, not as a reminder of the firing before', async () => {
    const receiver = await HttpReceiver.start();
    const h = AlertingHarness.open(`version: 1
routes:
  - notify: [hook]
    group_wait: 0s
    group_interval: 5m
    repeat: 1h
channels:
  hook: { webhook: { url: "${receiver.url}" }, send_resolved: false }
`);
    const labels = { service: 'api', severity: 'critical' };
    h.engine.notify.raiseExternal({ alertname: 'ApiDown', labels });
    await waitFor(() => receiver.requests.length === 1, { what: 'the first notification' });
    h.run(MINUTE);
    h.engine.notify.resolveExternal({ alertname: 'ApiDown', labels });
    h.run(MINUTE);
    // It fires again before the group's next flush (group_interval): a new firing, sent at that flush.
    h.engine.notify.raiseExternal({ alertname: 'ApiDown', labels });
    h.run(3 * MINUTE);
    await waitFor(() => receiver.requests.length === 2, { what: 'the notification of the second firing' });
    const history = await h.call('alerts.history', { limit: 50 });
    const notified = history.filter((event) => event.kind === 'notified').map((event) => event.detail);
    expect(notified).toEqual(['firing to hook', 'firing to hook']);
    expect(bodies(receiver)[1]).toMatchObject({ status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'ApiDown' } }] });
  });

  it('holds back silenced, inhibited, flapping and muted alerts, and says why', async () => {
    const receiver = await HttpReceiver.start();
    const h = AlertingHarness.open(`version: 1
evaluation_interval: 5s
rules:
  - alert: HostDown
    expr: host_up == 0
  - alert: ServiceDown
    expr: probe_success == 0
    flapping: { changes: 3, within: 10m }
inhibit:
  - source_match: { alertname: HostDown }
    target_match: { alertname: ServiceDown }
    equal: [host]
routes:
  - match: { service: batch }
    notify: [hook]
    mute_when: [always]
    group_wait: 0s
  - notify: [hook]
    group_by: [alertname, service]
    group_wait: 0s
    group_interval: 10s
time_windows:
  always: [{ times: "00:00-23:59" }, { times: "23:59-00:00" }]
channels:
  hook: { webhook: { url: "${receiver.url}" } }
`);
    const service = (name: string, host: string, up: number) => h.sample('probe_success', { service: name, host }, up);
    // Host b is down: its service "web" is inhibited; "db" on host a gets through; "batch" is muted.
    h.run(10, () => {
      h.sample('host_up', { host: 'a' }, 1);
      h.sample('host_up', { host: 'b' }, 0);
      service('db', 'a', 0);
      service('web', 'b', 0);
      service('batch', 'a', 0);
    });
    await waitFor(() => receiver.requests.length >= 2, { what: 'notifications' });
    await settled(h);
    expect(bodies(receiver).map(names).sort()).toEqual([['HostDown/b:firing'], ['ServiceDown/db:firing']]);
    const byService = Object.fromEntries((await h.call('alerts.list')).map((alert) => [alert.labels.service ?? `host ${alert.labels.host}`, alert]));
    const hostDown = byService['host b'];
    expect(byService.web?.inhibitedBy).toEqual([hostDown?.fingerprint]);
    expect(byService.batch?.muted).toBe(true);
    expect(byService.db).toMatchObject({ inhibitedBy: [], muted: false, silencedBy: [] });
    // Inhibited and muted alerts still count... only inhibited ones do not need a person.
    expect(h.engine.notify.firingCounts()).toEqual({ critical: 0, warning: 3 });
    // One service's alerts ("any alerts on web?" asks for these).
    expect((await h.call('alerts.list', { state: 'all', service: 'web' })).map((alert) => alert.labels.service)).toEqual(['web']);
    expect(await h.call('alerts.list', { state: 'firing', service: 'nothing-here' })).toEqual([]);

    // A silence on db: shown, and a later change of db is not notified; expiring it lets it through.
    const silence = await h.call('silences.create', {
      matchers: [{ name: 'service', value: 'db', isRegex: false, isEqual: true }],
      duration: '1h',
      comment: 'maintenance',
    });
    expect(silence).toMatchObject({ state: 'active', createdBy: 'tester', silencing: 1 });
    expect((await h.call('alerts.list', { state: 'silenced' })).map((alert) => alert.labels.service ?? alert.labels.host)).toEqual(
      expect.arrayContaining(['db', 'web']),
    );
    const before = receiver.requests.length;
    h.run(30, () => {
      h.sample('host_up', { host: 'b' }, 0);
      service('db', 'a', 1);
    });
    h.run(30, () => {
      h.sample('host_up', { host: 'b' }, 0);
      service('db', 'a', 0);
    });
    await settled(h);
    expect(bodies(receiver).slice(before).map(names)).toEqual([]);
    await h.call('silences.expire', { id: silence.id });
    h.run(15, () => service('db', 'a', 0));
    await waitFor(() => receiver.requests.length === before + 1, { what: 'db notified after the silence ended' });
    expect(names(bodies(receiver).at(-1))).toEqual(['ServiceDown/db:firing']);

    // "cache" flaps: after more than 3 changes in 10 minutes its notifications stop.
    const sent = () => bodies(receiver).filter((body) => body.groupLabels.service === 'cache').length;
    for (let i = 0; i < 4; i++) {
      h.run(15, () => service('cache', 'a', 0));
      await settled(h);
      h.run(15, () => service('cache', 'a', 1));
      await settled(h);
    }
    const cache = (await h.call('alerts.list')).find((alert) => alert.labels.service === 'cache');
    expect(cache?.flapping).toBe(true);
    const whileFlapping = sent();
    h.run(15, () => service('cache', 'a', 0));
    h.run(15, () => service('cache', 'a', 0));
    await settled(h);
    expect(sent()).toBe(whileFlapping);
    expect(h.eventsOf('alerts.changed').length).toBeGreaterThan(0);
  });
});
