import { describe, expect, it } from 'vitest';
import { slackColors } from '../../../src/core/notify/channels/slack';
import { HttpReceiver } from '../../helpers/http-receiver';
import { startSmtpReceiver } from '../../helpers/smtp-receiver';
import { waitFor } from '../../helpers/wait-for';
import { AlertingHarness } from '../rules/alerting-harness';

/** Every notification a clock step made due has been attempted (nothing is being sent). */
const settled = (h: AlertingHarness) => h.engine.notify.deliveriesIdle();

describe('notification channels and the outbox', () => {
  it('sends Slack Block Kit with severity colours and a resolved message, email over SMTP (HTML and text), and desktop notices', async () => {
    const slack = await HttpReceiver.start();
    const smtp = await startSmtpReceiver();
    const h = AlertingHarness.open(`version: 1
routes:
  - notify: [slack, mail, desktop]
    group_wait: 0s
    group_interval: 10s
channels:
  slack: { slack: { webhook: "${slack.url}/services/T000/B000/XXXX", channel: "#ops" } }
  mail: { email: { smtp: "${smtp.url}", from: "zervigo@example.com", to: [oncall@example.com, lead@example.com] } }
  desktop: { desktop: true }
`);
    h.engine.notify.raiseExternal({
      alertname: 'DiskFull',
      labels: { host: 'db1', severity: 'critical' },
      annotations: { summary: 'db1 has 2% free <b>now</b>' },
    });
    await waitFor(() => slack.requests.length === 1 && smtp.mails.length === 1, { what: 'Slack and email' });

    const message = slack.requests[0]?.body as {
      channel: string;
      text: string;
      attachments: { color: string; blocks: { type: string; text?: { text: string } }[] }[];
    };
    expect(slack.requests[0]?.path).toBe('/services/T000/B000/XXXX');
    expect(message.channel).toBe('#ops');
    expect(message.text).toBe('[FIRING:1] DiskFull');
    expect(message.attachments[0]?.color).toBe(slackColors.critical);
    expect(message.attachments[0]?.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(message.attachments[0]?.blocks[1]?.text?.text).toContain('*DiskFull* `host=db1` — db1 has 2% free <b>now</b>');

    const mail = smtp.mails[0];
    expect(mail?.from).toBe('zervigo@example.com');
    expect(mail?.to).toEqual(['oncall@example.com', 'lead@example.com']);
    expect(mail?.raw).toMatch(/^Subject: \[FIRING:1\] DiskFull/m);
    expect(mail?.raw).toMatch(/^Content-Type: text\/plain/m);
    expect(mail?.raw).toMatch(/^Content-Type: text\/html/m);
    expect(mail?.raw).toContain('&#60;b&#62;now&#60;/b&#62;');
    const [notification] = await h.call('notifications.list', { channel: 'mail', limit: 10 });
    expect(mail?.raw).toContain(`Message-ID: <${notification?.key}@zervigo>`);

    const notices = h.eventsOf('notification.desktop');
    expect(notices).toEqual([
      {
        key: expect.any(String) as string,
        title: '[FIRING:1] DiskFull',
        body: 'db1 has 2% free <b>now</b>',
        severity: 'critical',
        fingerprints: [expect.any(String) as string],
      },
    ]);

    h.engine.notify.resolveExternal({ alertname: 'DiskFull', labels: { host: 'db1', severity: 'critical' } });
    h.run(10);
    await waitFor(() => slack.requests.length === 2 && smtp.mails.length === 2, { what: 'the resolved messages' });
    const resolved = slack.requests[1]?.body as { text: string; attachments: { color: string }[] };
    expect(resolved.text).toBe('[RESOLVED] DiskFull');
    expect(resolved.attachments[0]?.color).toBe(slackColors.resolved);
    expect(h.eventsOf('notification.desktop').at(-1)).toMatchObject({ severity: 'resolved', body: 'resolved: db1 has 2% free <b>now</b>' });

    const channels = await h.call('channels.list');
    expect(channels.map((channel) => [channel.name, channel.kind, channel.target, channel.lastDelivery?.ok])).toEqual([
      ['slack', 'slack', `Slack #ops via ${new URL(slack.url).host}`, true],
      ['mail', 'email', `oncall@example.com, lead@example.com via ${new URL(smtp.url).host}`, true],
      ['desktop', 'desktop', 'desktop notification and console toast', true],
    ]);
  });

  it('retries with back-off while the receiver is down, keeps the key, survives a restart, and gives up on a 404', async () => {
    const hook = await HttpReceiver.start();
    await hook.down();
    const h = AlertingHarness.open(`version: 1
routes:
  - notify: [hook]
    group_wait: 0s
channels:
  hook: { webhook: { url: "${hook.url}/alerts" } }
`);
    h.engine.notify.raiseExternal({ alertname: 'Backup', labels: { severity: 'warning' } });
    const attempted = async (n: number) =>
      waitFor(
        async () => {
          const [item] = await h.call('notifications.list');
          return item !== undefined && item.deliveries.length >= n ? item : undefined;
        },
        { what: `${n} attempts` },
      );
    let item = await attempted(1);
    expect(item).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connection refused' });
    // 1 s, then 2 s, then 4 s later (plus a little jitter).
    for (const [wait, attempts] of [
      [1_100, 2],
      [2_200, 3],
      [4_400, 4],
    ] as const) {
      h.clock.advance(wait);
      item = await attempted(attempts);
    }
    const gaps = item.deliveries.slice(1).map((delivery, i) => delivery.at - (item.deliveries[i] as { at: number }).at);
    expect(gaps.map((gap) => Math.round(gap / 1000))).toEqual([1, 2, 4]);

    // Stopped for a while (the receiver comes back meanwhile): the item is delivered as soon as the engine is up again.
    await h.restart(async () => {
      h.clock.advance(60_000);
      await hook.up();
    });
    await waitFor(() => hook.requests.length === 1, { what: 'delivery after the restart' });
    await settled(h);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]?.headers['idempotency-key']).toBe(item.key);
    const [delivered] = await h.call('notifications.list');
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 5, key: item.key });

    hook.status = 404;
    const test = await h.call('channels.test', { name: 'hook' });
    expect(test).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 404: no', summary: 'Zervigo test notification' });
    h.clock.advance(60_000);
    await settled(h);
    expect(hook.byKey(test.key)).toHaveLength(1);
  });

  it('reports an unreachable SMTP server in the delivery log and keeps working', async () => {
    const smtp = await startSmtpReceiver();
    await smtp.close();
    const web = await HttpReceiver.start();
    const h = AlertingHarness.open(`version: 1
channels:
  mail: { email: { smtp: "${smtp.url}", to: [oncall@example.com] } }
  web: { webhook: { url: "${web.url}" } }
  blocked: { webhook: { url: "http://127.0.0.1:6000/alerts" } }
`);
    const mail = await h.call('channels.test', { name: 'mail' });
    expect(mail.status).toBe('pending');
    expect(mail.lastError).toMatch(/^cannot reach the SMTP server: .*ECONNREFUSED/);
    const hook = await h.call('channels.test', { name: 'web' });
    expect(hook).toMatchObject({ status: 'delivered', deliveries: [{ ok: true, detail: 'HTTP 200 ok' }] });
    // A URL fetch will never use is not retried.
    const blocked = await h.call('channels.test', { name: 'blocked' });
    expect(blocked).toMatchObject({ status: 'failed', attempts: 1 });
    expect(blocked.lastError).toMatch(/a "bad port" like 9, 25 or 6000/);
    await expect(h.call('channels.test', { name: 'nope' })).rejects.toThrow('no channel "nope" in the workspace (channels: mail, web, blocked)');
  });
});
