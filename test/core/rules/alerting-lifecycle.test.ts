import { describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../../src/core/notify/channels/webhook';
import { HttpReceiver } from '../../helpers/http-receiver';
import { waitFor } from '../../helpers/wait-for';
import { AlertingHarness } from './alerting-harness';

const workspace = (hook: string) => `version: 1
evaluation_interval: 10s
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    for: 20s
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.service }} is down" }
routes:
  - notify: [hook]
    group_by: [alertname, service]
    group_wait: 0s
    group_interval: 1m
    repeat: 1h
channels:
  hook: { webhook: { url: "${hook}/alerts", headers: { X-Team: ops } } }
`;

describe('alerting end to end on the engine', () => {
  it('fires after `for`, notifies once in Alertmanager format, survives a restart without re-notifying, and resolves', async () => {
    const receiver = await HttpReceiver.start();
    const h = AlertingHarness.open(workspace(receiver.url));
    const up = { service: 'api' };
    h.run(15, () => h.sample('probe_success', up, 1));
    expect(await h.call('alerts.list')).toEqual([]);

    // Down: pending at once (the changed value triggers an evaluation), firing 20 s later.
    h.run(5, () => h.sample('probe_success', up, 0));
    const pending = await h.call('alerts.list');
    expect(pending.map((alert) => [alert.alertname, alert.state, alert.labels])).toEqual([
      ['ServiceDown', 'pending', { alertname: 'ServiceDown', service: 'api', severity: 'critical' }],
    ]);
    h.run(20, () => h.sample('probe_success', up, 0));
    const [firing] = await h.call('alerts.list');
    expect(firing).toMatchObject({
      state: 'firing',
      severity: 'critical',
      annotations: { summary: 'api is down' },
      channels: ['hook'],
      silencedBy: [],
      ack: null,
    });

    // The tray, favicon and header follow: one critical alert firing.
    expect(h.eventsOf('health.changed').at(-1)).toMatchObject({ level: 'critical', firing: 1 });
    await waitFor(() => receiver.requests.length === 1, { what: 'the webhook notification' });
    const [request] = receiver.requests;
    expect(request?.path).toBe('/alerts');
    expect(request?.headers['x-team']).toBe('ops');
    expect(request?.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    const payload = request?.body as AlertmanagerWebhookPayload;
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'hook',
      groupLabels: { alertname: 'ServiceDown', service: 'api' },
      commonLabels: { alertname: 'ServiceDown', service: 'api', severity: 'critical' },
      commonAnnotations: { summary: 'api is down' },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'ServiceDown', service: 'api', severity: 'critical' },
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: firing?.fingerprint,
        },
      ],
    });
    expect(Date.parse(payload.alerts[0]?.startsAt ?? '')).toBe(firing?.firedAt);

    // A restart: the alert is still firing (not pending again) and nobody is paged twice.
    await h.restart();
    const [restored] = await h.call('alerts.list');
    expect(restored).toMatchObject({ fingerprint: firing?.fingerprint, state: 'firing', firedAt: firing?.firedAt, activeAt: firing?.activeAt });
    expect(await h.call('health.get')).toMatchObject({ level: 'critical', firing: 1 });
    h.run(50, () => h.sample('probe_success', up, 0));
    await h.engine.notify.deliveriesIdle();
    expect(receiver.requests).toHaveLength(1);

    // Up again: resolved now, notified at the group's next flush.
    h.run(70, () => h.sample('probe_success', up, 1));
    expect((await h.call('alerts.list'))[0]).toMatchObject({ state: 'resolved' });
    expect(h.eventsOf('health.changed').at(-1)).toMatchObject({ level: 'ok', firing: 0 });
    await waitFor(() => receiver.requests.length === 2, { what: 'the resolved notification' });
    const resolved = receiver.requests[1]?.body as AlertmanagerWebhookPayload;
    expect(resolved).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved' }] });
    expect(receiver.requests[1]?.headers['idempotency-key']).not.toBe(request?.headers['idempotency-key']);

    const history = await h.call('alerts.history', { fingerprint: firing?.fingerprint as string, limit: 50 });
    expect(history.map((event) => (event.kind === 'state' ? `${event.from}->${event.to}` : `${event.kind}: ${event.detail ?? ''}`)).reverse()).toEqual([
      'inactive->pending',
      'pending->firing',
      'notified: firing to hook',
      'firing->resolved',
      'notified: resolved to hook',
    ]);
  });

  it('evaluates at once when a value a rule reads changes, or a new series appears, not an interval later', async () => {
    const h = AlertingHarness.open('version: 1\nevaluation_interval: 1h\nrules:\n  - alert: Down\n    expr: probe_success == 0\n');
    // A series nobody has seen: its first sample already fires.
    h.sample('probe_success', { service: 'api' }, 0);
    h.clock.advance(0);
    expect((await h.call('alerts.list')).map((alert) => [alert.labels.service, alert.state])).toEqual([['api', 'firing']]);
    // A known series changing value: resolved at once.
    h.clock.advance(1_000);
    h.sample('probe_success', { service: 'api' }, 1);
    h.clock.advance(0);
    expect((await h.call('alerts.list')).map((alert) => alert.state)).toEqual(['resolved']);
    // An unchanged value does not evaluate (the hourly round would).
    const evaluated = (await h.call('rules.list'))[0]?.lastEvalAt;
    h.clock.advance(1_000);
    h.sample('probe_success', { service: 'api' }, 1);
    h.clock.advance(0);
    expect((await h.call('rules.list'))[0]?.lastEvalAt).toBe(evaluated);
  });
});
