import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { HttpReceiver } from '../../helpers/http-receiver';
import { pluginFolder } from '../../helpers/plugin-folder';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * `files` in a manifest for channel and action kinds, as for probe kinds: a file option is
 * resolved against the workspace file, checked at load (file:line:col naming the plugin) and read
 * by the engine at each call (the plugin's process may read only its own folder), so a renewed
 * file is used from the next delivery or run.
 */
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

const context = { actor: 'test', transport: 'internal' } as const;

/** A channel and an action that POST what the engine handed them for their file options. */
const plugin = `
async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return 'HTTP ' + response.status;
}
module.exports = {
  channels: { pinned: { async send(options, n) { return post(options.url, { title: n.title, ca: options.tls.ca }); } } },
  actions: { signed: { async run(options, input) { await post(options.url, { rule: input.rule, key: options.key }); return { message: 'signed' }; } } },
};`;

const PEM = (body: string): string => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;

async function engineWithFilesPlugin(dir: string): Promise<{ engine: Engine; file: string }> {
  const file = writeFile(dir, 'zervigo.yaml', 'version: 1\nmachine: false\n');
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 100 });
  engines.push(engine);
  const url = { type: 'string' };
  await engine.dispatch(
    'plugins.install',
    {
      source: pluginFolder({
        id: 'filed',
        main: plugin,
        contributes: {
          channels: {
            pinned: {
              options: { type: 'object', required: ['url', 'tls'], properties: { url, tls: { type: 'object', properties: { ca: { type: 'string' } } } } },
              files: { 'tls.ca': 'pem' },
            },
          },
          actions: { signed: { options: { type: 'object', required: ['url', 'key'], properties: { url, key: { type: 'string' } } }, files: { key: 'text' } } },
        },
      }),
      accept: true,
    },
    context,
  );
  return { engine, file };
}

const workspace = (receiver: string, ca: string, key: string): string => `version: 1
machine: false
evaluation_interval: 1s
rules:
  - alert: Signed
    expr: vector(1)
    then:
      - signed: { url: "${receiver}/action", key: ${key} }
routes:
  - notify: [chat]
    group_wait: 0s
    group_interval: 1s
    group_by: [alertname]
channels:
  chat: { pinned: { url: "${receiver}/channel", tls: { ca: ${ca} } } }
`;

describe('files of plugin channel and action kinds', () => {
  it('are checked at load at file:line:col, relative to the workspace file, naming the plugin', async () => {
    const dir = tempDir();
    writeFile(dir, 'not-a-cert.pem', 'hello\n');
    const { engine } = await engineWithFilesPlugin(dir);
    const problems = engine.workspace
      .validate(workspace('http://127.0.0.1:9', './not-a-cert.pem', './missing.key'))
      .map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    expect(problems).toEqual([
      `8:58 rules[0].then[0].signed.key: plugin filed: ${path.join(dir, 'missing.key')} does not exist`,
      `15:67 channels.chat.pinned.tls.ca: plugin filed: ${path.join(dir, 'not-a-cert.pem')} is not a PEM file (it has no "-----BEGIN" line)`,
    ]);
  }, 60_000);

  it("hand the plugin each file's contents at each call: a renewed file is used from the next delivery", async () => {
    const dir = tempDir();
    writeFile(dir, 'ca.pem', PEM('first'));
    writeFile(dir, 'signing.key', 'key-one\n');
    const receiver = await HttpReceiver.start();
    const { engine, file } = await engineWithFilesPlugin(dir);
    fs.writeFileSync(file, workspace(receiver.url, './ca.pem', './signing.key'));
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error).toBeNull();

    const bodies = (pathname: string) =>
      receiver.requests.filter((request) => request.path === pathname).map((request) => request.body as Record<string, string>);
    await waitFor(() => bodies('/channel').length > 0 && bodies('/action').length > 0, { what: 'a delivery and an action', timeoutMs: 20_000 });
    expect(bodies('/channel')[0]).toMatchObject({ title: '[FIRING:1] Signed', ca: PEM('first') });
    expect(bodies('/action')[0]).toMatchObject({ rule: 'Signed', key: 'key-one\n' });

    // Renewed on disk: the next delivery (a resolved one, once the rule is gone) carries the new file.
    writeFile(dir, 'ca.pem', PEM('second'));
    fs.writeFileSync(file, workspace(receiver.url, './ca.pem', './signing.key').replace('expr: vector(1)', 'expr: vector(1) == 2'));
    engine.workspace.reloadFromFile();
    await waitFor(() => bodies('/channel').some((body) => body.ca === PEM('second')), { what: 'the renewed file delivered', timeoutMs: 20_000 });
  }, 60_000);
});
