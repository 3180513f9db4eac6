import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { AuditEntry } from '../../../src/shared/types/operate';
import type { PluginView } from '../../../src/shared/types/plugins';
import { pluginFolder } from '../../helpers/plugin-folder';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

const context = { actor: 'test', transport: 'internal' } as const;
const probe = (id: string): string => `module.exports = { probes: { '${id}': { async check() { return { ok: true }; } } } };`;

function start(dataDir = tempDir()): Engine {
  const engine = Engine.start({ dataDir, workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return engine;
}

/** npm pack's layout: the package under package/ in a gzipped tarball. */
async function tarball(folder: string): Promise<string> {
  const out = tempDir();
  fs.cpSync(folder, path.join(out, 'package'), { recursive: true });
  const file = path.join(out, 'plugin.tgz');
  await tar.c({ gzip: true, file, cwd: out }, ['package']);
  return file;
}

describe('plugins through the contract', () => {
  it('installs from a tarball, asks for its capabilities, and runs once they are accepted', async () => {
    const engine = start();
    const source = await tarball(pluginFolder({ id: 'echo', main: probe('echo'), capabilities: { network: ['127.0.0.1:6379'] } }));
    const installed = await engine.dispatch('plugins.install', { source }, context);
    expect(installed).toMatchObject({
      id: 'echo',
      enabled: false,
      trusted: false,
      state: 'disabled',
      contributes: { probes: ['echo'] },
      capabilities: { network: ['127.0.0.1:6379'] },
    });
    await expect(engine.dispatch('plugins.enable', { id: 'echo' }, context)).rejects.toThrow(
      'plugin echo asks for network: 127.0.0.1:6379; accept them to enable it (zervigo plugins enable echo --yes)',
    );
    const enabled = await engine.dispatch('plugins.enable', { id: 'echo', accept: true }, context);
    expect(enabled).toMatchObject({ enabled: true, trusted: true });
    await waitFor(async () => ((await engine.dispatch('plugins.list', {}, context)) as PluginView[]).find((view) => view.id === 'echo')?.state === 'ready', {
      what: 'echo ready',
      timeoutMs: 15_000,
    });
    await expect(engine.plugins.hostFor('probes', 'echo')!.call('probe.check', 'echo', {}, null, 2_000)).resolves.toEqual({ ok: true });
  });

  it('audits install, the trust given at enable (what was accepted, by whom), disable and remove', async () => {
    const engine = start();
    const source = pluginFolder({ id: 'trusty', version: '2.1.0', main: probe('trusty'), capabilities: { network: ['127.0.0.1:9'], read: ['/etc/hosts'] } });
    const admin = { actor: 'ana', transport: 'internal' } as const;
    await engine.dispatch('plugins.install', { source }, admin);
    await engine.dispatch('plugins.enable', { id: 'trusty', accept: true }, admin);
    await engine.dispatch('plugins.disable', { id: 'trusty' }, admin);
    // Enabled again: the trust was given already, so the entry does not claim it again.
    await engine.dispatch('plugins.enable', { id: 'trusty' }, admin);
    await engine.dispatch('plugins.remove', { id: 'trusty' }, admin);
    const entries = ((await engine.dispatch('audit.list', { target: 'trusty' }, context)) as AuditEntry[]).reverse();
    expect(entries.map((entry) => [entry.actor, entry.action, entry.outcome, entry.message])).toEqual([
      ['ana', 'plugin.install', 'ok', `installed trusty 2.1.0 from ${source}`],
      ['ana', 'plugin.enable', 'ok', 'enabled trusty 2.1.0, accepting network: 127.0.0.1:9; reading /etc/hosts'],
      ['ana', 'plugin.disable', 'ok', 'disabled trusty'],
      ['ana', 'plugin.enable', 'ok', 'enabled trusty 2.1.0'],
      ['ana', 'plugin.remove', 'ok', 'removed trusty'],
    ]);
    expect(entries[1]!.details).toEqual({ version: '2.1.0', accepted: { network: ['127.0.0.1:9'], commands: [], read: ['/etc/hosts'], write: [] } });
  });

  it('an enabled plugin starts again with the engine, and remove stops and deletes it', async () => {
    const dataDir = tempDir();
    const first = start(dataDir);
    await first.dispatch('plugins.install', { source: pluginFolder({ id: 'again', main: probe('again') }), accept: true }, context);
    await first.stop();
    const second = start(dataDir);
    await waitFor(() => second.plugins.host('again')?.view().state === 'ready', { what: 'again ready after restart', timeoutMs: 15_000 });
    const pid = second.plugins.host('again')!.view().pid!;
    await second.dispatch('plugins.remove', { id: 'again' }, context);
    expect(await second.dispatch('plugins.list', {}, context)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'plugins', 'again'))).toBe(false);
    await waitFor(() => !fs.existsSync(`/proc/${pid}`) || fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z', { what: 'the process gone' });
  });

  it('refuses a kind another plugin or a built-in already has, naming both', async () => {
    const engine = start();
    await engine.dispatch(
      'plugins.install',
      { source: pluginFolder({ id: 'first', contributes: { probes: { redis: {} } }, main: probe('redis') }), accept: true },
      context,
    );
    await expect(
      engine.dispatch(
        'plugins.install',
        { source: pluginFolder({ id: 'second', contributes: { probes: { redis: {} } }, main: probe('redis') }), accept: true },
        context,
      ),
    ).rejects.toThrow('plugin second claims the probe kind "redis", which plugin first already provides; disable one of them');
    await expect(
      engine.dispatch(
        'plugins.install',
        { source: pluginFolder({ id: 'third', contributes: { probes: { http: {} } }, main: probe('http') }), accept: true },
        context,
      ),
    ).rejects.toThrow('plugin third claims the probe kind "http", which is built in');
  });

  it('refuses a bad manifest or an incompatible engine range, naming the plugin', async () => {
    const engine = start();
    await expect(engine.dispatch('plugins.install', { source: pluginFolder({ id: 'old', engines: '>=2.0.0', main: probe('old') }) }, context)).rejects.toThrow(
      'plugin old 1.0.0 needs Zervigo >=2.0.0; this is 0.1.0',
    );
    await expect(engine.dispatch('plugins.install', { source: pluginFolder({ main: '', zervigo: { contributes: {} } }) }, context)).rejects.toThrow(
      /plugin zervigo-plugin-sample: zervigo.id/,
    );
    await expect(engine.dispatch('plugins.install', { source: pluginFolder({ id: 'empty', contributes: {}, main: '' }) }, context)).rejects.toThrow(
      'plugin empty contributes nothing',
    );
    await expect(engine.dispatch('plugins.install', { source: '/nonexistent/plugin.tgz' }, context)).rejects.toThrow('/nonexistent/plugin.tgz does not exist');
    expect(await engine.dispatch('plugins.list', {}, context)).toEqual([]);
  });

  it('one plugin down leaves another running', async () => {
    const engine = start();
    await engine.dispatch('plugins.install', { source: pluginFolder({ id: 'broken', main: `throw new Error('boom at load');` }), accept: true }, context);
    await engine.dispatch('plugins.install', { source: pluginFolder({ id: 'fine', main: probe('fine') }), accept: true }, context);
    await waitFor(() => engine.plugins.host('fine')?.view().state === 'ready' && engine.plugins.host('broken')?.view().state === 'down', {
      what: 'fine ready, broken down',
      timeoutMs: 15_000,
    });
    const views = (await engine.dispatch('plugins.list', {}, context)) as PluginView[];
    expect(views.find((view) => view.id === 'broken')).toMatchObject({ state: 'down', reason: 'failed to load: boom at load' });
  });
});
