import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from '../../../src/core/notify/channels/webhook';
import { startAlertmanager, type RunningAlertmanager } from '../../helpers/alertmanager';
import { FakeClock } from '../../helpers/fake-clock';
import { freePort } from '../../helpers/free-port';
import { HttpReceiver } from '../../helpers/http-receiver';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { AlertingHarness } from '../rules/alerting-harness';

const workspace = (alertmanagers: string[], ownHook: string) => `version: 1
evaluation_interval: 10s
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.service }} is down" }
alerting:
  alertmanagers: [${alertmanagers.map((url) => `{ url: "${url}" }`).join(', ')}]
  resend_delay: 1m
  own_routing: false
routes:
  - notify: [own]
    group_wait: 0s
channels:
  own: { webhook: { url: "${ownHook}" } }
`;

/**
 * Alerts to real Alertmanagers (Debian's prometheus-alertmanager 0.25), each routing to a webhook
 * on 127.0.0.1: posted to every one, as Prometheus posts them, resolved too; one that is down is a
 * state with a reason, not a stop; silences made in an Alertmanager are listed.
 */
describe('alerts sent to Alertmanager', () => {
  const running: RunningAlertmanager[] = [];
  afterEach(async () => {
    for (const alertmanager of running.splice(0)) await alertmanager.stop();
  });

  it('posts firing and resolved alerts to every Alertmanager with endsAt = now + 4 × max(eval, resend), reports the one that is down, and lists their silences', async () => {
    const work = tempDir();
    const hooks = [await HttpReceiver.start(), await HttpReceiver.start()];
    const own = await HttpReceiver.start();
    for (const [i, hook] of hooks.entries()) running.push(await startAlertmanager(path.join(work, `am${i}`), `${hook.url}/hook`));
    const dead = `http://127.0.0.1:${await freePort()}`;
    const [am0, am1] = running as [RunningAlertmanager, RunningAlertmanager];
    // Zervigo's time runs behind the Alertmanagers' (by less than an alert's validity): a resolved
    // alert's endsAt is then already past for them, as it is when clocks agree.
    const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 - 150_000);
    const h = AlertingHarness.open(workspace([am0.url, am1.url, dead], own.url), clock);
    const api = { service: 'api' };
    h.run(5, () => h.sample('probe_success', api, 1));
    h.run(2, () => h.sample('probe_success', api, 0));
    const [firing] = await h.call('alerts.list');
    expect(firing?.state).toBe('firing');

    // Each Alertmanager notifies its own webhook: the alert reached both.
    const notified = await Promise.all(
      hooks.map((hook) =>
        waitFor(
          () =>
            hook.requests.find((request) => (request.body as AlertmanagerWebhookPayload).status === 'firing')?.body as AlertmanagerWebhookPayload | undefined,
          { timeoutMs: 15_000, what: 'the Alertmanager webhook (firing)' },
        ),
      ),
    );
    for (const payload of notified)
      expect(payload.alerts[0]).toMatchObject({
        labels: { alertname: 'ServiceDown', service: 'api', severity: 'critical' },
        annotations: { summary: 'api is down' },
      });
    const [held] = await am0.alerts();
    expect(Date.parse(held?.startsAt ?? '')).toBe(firing?.firedAt);
    // Valid for 4 × max(evaluation interval 10 s, resend delay 1 m) from when it was sent.
    expect(Date.parse(held?.endsAt ?? '') - (firing?.firedAt ?? 0)).toBe(4 * 60_000);

    // The one that is down: a state and a reason; the others are up.
    await h.engine.fleet.alertmanagers.idle();
    const status = await h.call('fleet.status');
    expect(status.ownRouting).toBe(false);
    expect(status.alertmanagers.map((target) => target.state)).toEqual(['up', 'up', 'down']);
    expect(status.alertmanagers[2]?.lastError).toMatch(/unreachable: connection refused/);
    expect(status.alertmanagers[0]?.alertsSent).toBe(1);

    // Sent again every resend_delay while firing, with endsAt moved on.
    h.run(60, () => h.sample('probe_success', api, 0));
    await h.engine.fleet.alertmanagers.idle();
    expect((await h.call('fleet.status')).alertmanagers[0]?.alertsSent).toBe(2);
    expect(Date.parse((await am0.alerts())[0]?.endsAt ?? '')).toBe((firing?.firedAt ?? 0) + 60_000 + 4 * 60_000);

    // Resolved: sent at once with endsAt = its resolution; each Alertmanager says so to its webhook.
    h.run(11, () => h.sample('probe_success', api, 1));
    expect((await h.call('alerts.list'))[0]?.state).toBe('resolved');
    await Promise.all(
      hooks.map((hook) =>
        waitFor(() => hook.requests.some((request) => (request.body as AlertmanagerWebhookPayload).status === 'resolved'), {
          timeoutMs: 15_000,
          what: 'the Alertmanager webhook (resolved)',
        }),
      ),
    );

    // own_routing: false — Zervigo's own route was left to the Alertmanagers.
    await h.engine.notify.deliveriesIdle();
    expect(own.requests).toEqual([]);

    // A silence made in an Alertmanager is listed beside Zervigo's, saying where it lives.
    const id = await am1.silence([{ name: 'service', value: 'api', isRegex: false }], new Date(Date.now() + 3_600_000), 'maintenance window');
    h.run(30);
    const silence = await waitFor(async () => (await h.call('silences.list')).find((entry) => entry.id.endsWith(id)), {
      timeoutMs: 10_000,
      what: 'the Alertmanager silence to be listed',
    });
    expect(silence).toMatchObject({
      source: `alertmanager ${am1.url}`,
      comment: 'maintenance window',
      createdBy: 'tester',
      state: 'active',
      matchers: [{ name: 'service', value: 'api', isRegex: false, isEqual: true }],
    });
  }, 60_000);
});
