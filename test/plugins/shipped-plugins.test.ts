import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { maskText, MASK } from '../../src/core/auth/secret-masking';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import type { NotificationView } from '../../src/shared/types/alerts';
import { HttpReceiver, type ReceivedRequest } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/** The plugins shipped in the repo's plugins/ folder, each installed as an operator would install it. */
const PLUGINS_DIR = path.resolve(__dirname, '../../plugins');
const CHANNEL_PLUGINS = ['discord', 'telegram', 'teams', 'pagerduty', 'ntfy', 'gotify'];

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

const context = { actor: 'test', transport: 'internal' } as const;
const ROUTING_KEY = 'R0ut1ngKeyR0ut1ngKeyR0ut1ngKey12';
const BOT_TOKEN = '123456:AAbb-cc_dd';

/** A workspace with one channel of each shipped kind, all pointed at the receiver on 127.0.0.1. */
function workspace(receiver: string, extra = ''): string {
  return `version: 1
machine: false
plugins: [${[...CHANNEL_PLUGINS, 'http-call'].join(', ')}]
routes:
  - notify: [${CHANNEL_PLUGINS.map((id) => `to-${id}`).join(', ')}]
    group_wait: 0s
    group_interval: 1s
    group_by: [alertname]
channels:
  to-discord: { discord: { webhook: "${receiver}/api/webhooks/1/secret-token", username: Zervigo } }
  to-telegram: { telegram: { bot_token: "${BOT_TOKEN}", chat_id: -100200, api_url: "${receiver}" } }
  to-teams: { teams: { webhook: "${receiver}/webhookb2/abc/IncomingWebhook/def" } }
  to-pagerduty: { pagerduty: { routing_key: ${ROUTING_KEY}, api_url: "${receiver}" } }
  to-ntfy: { ntfy: { topic: ops-alerts, server: "${receiver}", token: tk_secret } }
  to-gotify: { gotify: { server: "${receiver}/gotify", token: AppT0ken } }
${extra}`;
}

async function engineWithShippedPlugins(): Promise<{ engine: Engine; file: string }> {
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\n');
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 100 });
  engines.push(engine);
  for (const id of [...CHANNEL_PLUGINS, 'http-call']) await engine.dispatch('plugins.install', { source: path.join(PLUGINS_DIR, id), accept: true }, context);
  return { engine, file };
}

const at = (receiver: HttpReceiver, pathname: string): ReceivedRequest[] => receiver.requests.filter((request) => request.path === pathname);

describe('the channel and action plugins shipped in plugins/, end to end against a receiver on 127.0.0.1', () => {
  it('delivers a firing and a resolved alert in the payload each service documents', async () => {
    const receiver = await HttpReceiver.start();
    const { engine, file } = await engineWithShippedPlugins();
    fs.writeFileSync(file, workspace(receiver.url));
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error).toBeNull();

    engine.notify.raiseExternal({
      alertname: 'ApiDown',
      labels: { service: 'api', severity: 'critical' },
      annotations: { summary: 'api answers 503' },
    });
    const paths = {
      discord: '/api/webhooks/1/secret-token',
      telegram: `/bot${BOT_TOKEN}/sendMessage`,
      teams: '/webhookb2/abc/IncomingWebhook/def',
      pagerduty: '/v2/enqueue',
      ntfy: '/',
      gotify: '/gotify/message',
    };
    await waitFor(() => Object.values(paths).every((pathname) => at(receiver, pathname).length === 1), {
      what: 'one delivery to each channel',
      timeoutMs: 20_000,
    });

    // Discord "Execute Webhook": content, embeds (title, description, colour, fields), no mentions from alert text.
    const discord = at(receiver, paths.discord)[0]!.body as Record<string, unknown>;
    expect(discord).toMatchObject({
      content: '[FIRING:1] ApiDown',
      username: 'Zervigo',
      allowed_mentions: { parse: [] },
      embeds: [{ title: '[FIRING:1] ApiDown', color: 0xe03131 }],
    });
    expect((discord.embeds as { fields: unknown[] }[])[0]!.fields).toContainEqual({ name: 'service', value: 'api', inline: true });
    expect((discord.embeds as { description: string }[])[0]!.description).toContain('api answers 503');

    // Telegram Bot API sendMessage: chat_id and text, HTML parse mode.
    const telegram = at(receiver, paths.telegram)[0]!.body as Record<string, unknown>;
    expect(telegram).toMatchObject({ chat_id: -100200, parse_mode: 'HTML', disable_web_page_preview: true });
    expect(telegram.text).toMatch(/<b>\[FIRING:1\] ApiDown<\/b>\nFIRING ApiDown \(service=api\) — api answers 503/);

    // Teams: a message carrying one Adaptive Card.
    const teams = at(receiver, paths.teams)[0]!.body as { type: string; attachments: { contentType: string; content: Record<string, unknown> }[] };
    expect(teams.type).toBe('message');
    expect(teams.attachments).toHaveLength(1);
    expect(teams.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4' } });
    const card = teams.attachments[0]!.content as { body: Record<string, unknown>[] };
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '[FIRING:1] ApiDown', color: 'Attention' });
    expect(card.body[2]).toMatchObject({ type: 'FactSet' });
    expect((card.body[2] as { facts: unknown[] }).facts).toContainEqual({ title: 'service', value: 'api' });

    // PagerDuty Events v2: trigger with routing_key, dedup_key and the required payload fields.
    const trigger = at(receiver, paths.pagerduty)[0]!.body as Record<string, unknown> & { payload: Record<string, unknown>; dedup_key: string };
    expect(trigger).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', client: 'Zervigo' });
    expect(trigger.payload).toMatchObject({ summary: '[FIRING:1] ApiDown', source: 'api', severity: 'critical', component: 'api', class: 'ApiDown' });
    expect(Date.parse(trigger.payload.timestamp as string)).not.toBeNaN();
    expect(trigger.dedup_key.length).toBeLessThanOrEqual(255);

    // ntfy: JSON published to the server's root, with the token as a bearer.
    const ntfy = at(receiver, paths.ntfy)[0]!;
    expect(ntfy.headers.authorization).toBe('Bearer tk_secret');
    expect(ntfy.body).toMatchObject({ topic: 'ops-alerts', title: '[FIRING:1] ApiDown', priority: 5, tags: ['rotating_light'] });

    // Gotify: POST /message with the app token in X-Gotify-Key.
    const gotify = at(receiver, paths.gotify)[0]!;
    expect(gotify.headers['x-gotify-key']).toBe('AppT0ken');
    expect(gotify.body).toMatchObject({ title: '[FIRING:1] ApiDown', priority: 8, extras: { 'client::display': { contentType: 'text/plain' } } });

    // Resolved: PagerDuty resolves the same dedup_key; the others say so.
    engine.notify.resolveExternal({ alertname: 'ApiDown', labels: { service: 'api', severity: 'critical' } });
    await waitFor(() => at(receiver, paths.pagerduty).length === 2 && at(receiver, paths.gotify).length === 2, {
      what: 'the resolved deliveries',
      timeoutMs: 20_000,
    });
    expect(at(receiver, paths.pagerduty)[1]!.body).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: trigger.dedup_key });
    expect(at(receiver, paths.gotify)[1]!.body).toMatchObject({ title: '[RESOLVED] ApiDown', priority: 2 });

    const views = (await engine.dispatch('notifications.list', {}, context)) as NotificationView[];
    expect(views.filter((view) => view.status === 'delivered').map((view) => view.kind)).toEqual(expect.arrayContaining(CHANNEL_PLUGINS));
  });

  it('runs the http-call action from a rule, templates filled, and writes its audit entry', async () => {
    const receiver = await HttpReceiver.start();
    const { engine, file } = await engineWithShippedPlugins();
    fs.writeFileSync(
      file,
      workspace(
        receiver.url,
        `evaluation_interval: 1s
rules:
  - alert: QueueStuck
    expr: vector(3)
    labels: { service: worker }
    then:
      - http-call: { url: "${receiver.url}/hooks/{{ $labels.service }}/restart?token=s3cret", headers: { Authorization: "Bearer abc" } }
`,
      ),
    );
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error).toBeNull();
    await waitFor(() => at(receiver, '/hooks/worker/restart?token=s3cret').length > 0, { what: 'the HTTP call', timeoutMs: 20_000 });
    const call = at(receiver, '/hooks/worker/restart?token=s3cret')[0]!;
    expect(call.headers.authorization).toBe('Bearer abc');
    expect(call.body).toEqual({ rule: 'QueueStuck', service: 'worker', labels: { alertname: 'QueueStuck', service: 'worker' }, value: 3 });
    const entry = await waitFor(
      async () =>
        ((await engine.dispatch('audit.list', {}, context)) as { action: string; outcome: string; target: string; message: string }[]).find(
          (candidate) => candidate.action === 'http-call' && candidate.outcome === 'ok',
        ),
      { what: 'the audit entry' },
    );
    // The query string (a token) stays out of the target and the message.
    expect(entry).toMatchObject({ target: `${receiver.url}/hooks/worker/restart`, message: `POST ${receiver.url}/hooks/worker/restart: HTTP 200 ok` });
  });

  it("masks the plugin channels' secrets like built-in channels' for those without the secrets permission", () => {
    const masked = maskText(workspace('https://example.com'));
    for (const secret of ['secret-token', BOT_TOKEN, 'webhookb2', ROUTING_KEY, 'tk_secret', 'AppT0ken']) expect(masked).not.toContain(secret);
    expect(masked).toContain(MASK);
    expect(masked).toContain('chat_id: -100200');
  });
});
