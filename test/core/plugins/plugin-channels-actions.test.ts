import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { NotificationView } from '../../../src/shared/types/alerts';
import { HttpReceiver } from '../../helpers/http-receiver';
import { pluginFolder } from '../../helpers/plugin-folder';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

const context = { actor: 'test', transport: 'internal' } as const;

/** A channel kind and an action kind that POST to options.url, written against the SDK's shapes; a 4xx is permanent. */
const hookPlugin = `
async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) {
    const error = new Error('receiver answered HTTP ' + response.status);
    error.permanent = response.status >= 400 && response.status < 500;
    throw error;
  }
  return 'HTTP ' + response.status;
}
module.exports = {
  channels: { echo: { async send(options, n) { return post(options.url, { title: n.title, status: n.status, key: n.key, groupKey: n.groupKey, severity: n.severity, alerts: n.alerts.length, room: options.room }); } } },
  actions: { poke: { async run(options, input) { await post(options.url, { rule: input.rule, service: input.service, labels: input.labels }); return { message: 'poked ' + options.url }; } } },
};`;
const urlOptions = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: { url: { type: 'string' }, ...extra },
});

async function engineWithHookPlugin(workspace: string): Promise<{ engine: Engine; file: string }> {
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\nservices: {}\n');
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 100 });
  engines.push(engine);
  await engine.dispatch(
    'plugins.install',
    {
      source: pluginFolder({
        id: 'hooks',
        main: hookPlugin,
        contributes: { channels: { echo: { options: urlOptions({ room: { type: 'integer' } }) } }, actions: { poke: { options: urlOptions() } } },
      }),
      accept: true,
    },
    context,
  );
  fs.writeFileSync(file, workspace);
  engine.workspace.reloadFromFile();
  return { engine, file };
}

const notifications = async (engine: Engine) => (await engine.dispatch('notifications.list', {}, context)) as NotificationView[];

describe('channel and action kinds from plugins, in the real engine', () => {
  it('routes a firing alert to a plugin channel and runs a plugin action from then:, like built-ins', async () => {
    const receiver = await HttpReceiver.start();
    const { engine } = await engineWithHookPlugin(`version: 1
machine: false
evaluation_interval: 1s
rules:
  - alert: ApiDown
    expr: vector(1)
    labels: { service: api, severity: critical }
    then:
      - poke: { url: "${receiver.url}/poke/{{ $labels.service }}" }
routes:
  - notify: [chat]
    group_wait: 0s
channels:
  chat: { echo: { url: "${receiver.url}/chat", room: 7 } }
`);
    expect(engine.workspace.view().error).toBeNull();
    await waitFor(() => receiver.requests.some((request) => request.path === '/chat'), { what: 'the plugin channel delivery', timeoutMs: 20_000 });
    const chat = receiver.requests.find((request) => request.path === '/chat')!;
    expect(chat.body).toMatchObject({ title: '[FIRING:1] ApiDown', status: 'firing', severity: 'critical', alerts: 1, room: 7 });
    await waitFor(async () => (await notifications(engine)).some((view) => view.status === 'delivered'), { what: 'the delivery recorded' });
    const delivered = (await notifications(engine)).find((view) => view.channel === 'chat')!;
    expect(delivered).toMatchObject({ kind: 'echo', status: 'delivered', key: (chat.body as { key: string }).key });
    expect(delivered.deliveries[0]).toMatchObject({ ok: true, detail: 'HTTP 200' });
    const channels = (await engine.dispatch('channels.list', {}, context)) as { name: string; kind: string; target: string }[];
    expect(channels.find((channel) => channel.name === 'chat')).toMatchObject({ kind: 'echo', target: new URL(receiver.url).host });

    await waitFor(() => receiver.requests.some((request) => request.path === '/poke/api'), { what: 'the plugin action', timeoutMs: 20_000 });
    expect(receiver.requests.find((request) => request.path === '/poke/api')?.body).toMatchObject({
      rule: 'ApiDown',
      service: 'api',
      labels: { severity: 'critical' },
    });
    await waitFor(
      async () =>
        ((await engine.dispatch('audit.list', {}, context)) as { action: string; outcome: string }[]).some(
          (entry) => entry.action === 'poke' && entry.outcome === 'ok',
        ),
      { what: 'the audit entry of the plugin action' },
    );
    const entry = ((await engine.dispatch('audit.list', {}, context)) as { action: string; actor: string; target: string; message: string }[]).find(
      (candidate) => candidate.action === 'poke',
    );
    expect(entry).toMatchObject({ actor: 'rule:ApiDown', target: `${receiver.url}/poke/api`, message: `poked ${receiver.url}/poke/api` });
  });

  it("lists every channel kind the engine knows with its options schema: the built-ins, oncall and a plugin's (the channel editor draws from it)", async () => {
    const { engine } = await engineWithHookPlugin('version: 1\nmachine: false\n');
    const kinds = (await engine.dispatch('channels.kinds', {}, context)) as { kind: string; plugin: string | null; options: Record<string, unknown> }[];
    expect(kinds.map((kind) => kind.kind)).toEqual(['desktop', 'slack', 'email', 'webhook', 'oncall', 'echo']);
    expect(kinds.find((kind) => kind.kind === 'oncall')).toMatchObject({ plugin: null, options: { type: 'string' } });
    expect(kinds.find((kind) => kind.kind === 'slack')?.options).toMatchObject({ type: 'object', required: ['webhook'] });
    expect(kinds.find((kind) => kind.kind === 'echo')).toEqual({
      kind: 'echo',
      summary: 'A channel kind from plugin hooks.',
      plugin: 'hooks',
      options: urlOptions({ room: { type: 'integer' } }),
    });
  });

  it('refuses options against the plugin schema at file:line:col, names a disabled plugin, and does not retry what the plugin calls permanent', async () => {
    const receiver = await HttpReceiver.start();
    receiver.status = 404;
    const { engine, file } = await engineWithHookPlugin(`version: 1
machine: false
channels:
  chat: { echo: { url: "http://127.0.0.1:9/chat", room: seven } }
rules:
  - alert: A
    expr: vector(1)
    then: [{ poke: { uri: x } }]
`);
    const error = engine.workspace.view().error;
    expect(error?.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`)).toEqual([
      '4:57 channels.chat.echo.room: plugin hooks: must be integer',
      "8:20 rules[0].then[0].poke: plugin hooks: must have required property 'url'",
      '8:20 rules[0].then[0].poke: plugin hooks: must NOT have additional properties ("uri")',
    ]);

    fs.writeFileSync(
      file,
      `version: 1\nmachine: false\nroutes:\n  - notify: [chat]\n    group_wait: 0s\nchannels:\n  chat: { echo: { url: "${receiver.url}/chat" } }\n`,
    );
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error).toBeNull();
    engine.notify.raiseExternal({ alertname: 'Refused', labels: { severity: 'critical' } });
    await waitFor(async () => (await notifications(engine)).some((view) => view.status === 'failed'), {
      what: 'the delivery failed for good',
      timeoutMs: 20_000,
    });
    const failed = (await notifications(engine))[0]!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'plugin hooks: receiver answered HTTP 404' });

    // Disabled: the running workspace keeps running, a delivery fails saying why, and the file is refused naming the plugin.
    await engine.dispatch('plugins.disable', { id: 'hooks' }, context);
    receiver.status = 200;
    engine.notify.raiseExternal({ alertname: 'AfterDisable', labels: { severity: 'critical' } });
    await waitFor(async () => (await notifications(engine)).some((view) => view.summary.includes('AfterDisable') && view.lastError !== null), {
      what: 'the delivery to a disabled plugin failing',
    });
    expect((await notifications(engine)).find((view) => view.summary.includes('AfterDisable'))?.lastError).toBe(
      'no enabled plugin provides the channel kind "echo"',
    );
    const validation = (await engine.dispatch('workspace.validate', { content: fs.readFileSync(file, 'utf8') }, context)) as {
      issues: { line: number; col: number; message: string }[];
    };
    expect(validation.issues.map((issue) => `${issue.line}:${issue.col} ${issue.message}`)).toEqual([
      '7:17 the channel kind "echo" comes from plugin hooks, which is disabled; enable it (zervigo plugins enable hooks)',
    ]);
  });

  it('reports plugins the workspace names that are not installed or not enabled, at their entries', async () => {
    const { engine, file } = await engineWithHookPlugin('version: 1\nmachine: false\nplugins: [hooks]\n');
    expect(engine.workspace.view().error).toBeNull();
    const text = 'version: 1\nmachine: false\nplugins:\n  - hooks\n  - { id: discord, from: ./vendor/discord.tgz }\n  - pagerduty\n';
    const validate = async () =>
      (
        (await engine.dispatch('workspace.validate', { content: text }, context)) as { issues: { line: number; col: number; path: string; message: string }[] }
      ).issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    const vendor = `${path.dirname(file)}/vendor/discord.tgz`;
    expect(await validate()).toEqual([
      `5:5 plugins[1]: the workspace needs plugin discord, which is not installed; install it (zervigo plugins install ${vendor} --yes)`,
      '6:5 plugins[2]: the workspace needs plugin pagerduty, which is not installed; install it (zervigo plugins install FOLDER|TGZ --yes)',
    ]);
    await engine.dispatch('plugins.disable', { id: 'hooks' }, context);
    expect((await validate())[0]).toBe(
      '4:5 plugins[0]: the workspace needs plugin hooks, which is installed but disabled; enable it (zervigo plugins enable hooks)',
    );
    // The running workspace's file names it too: the console shows the same refusal once the file is read again.
    fs.writeFileSync(file, text);
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error?.issues).toHaveLength(3);
  });
});
