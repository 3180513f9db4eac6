import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { PluginView } from '../../../src/shared/types/plugins';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * A workspace's `plugins:` entry with `from` installs the plugin when it is missing: a tarball made
 * by `npm pack` of the repo's dns plugin (no network), its `integrity` checked, into the data
 * folder, through the real engine. Installing does not enable: trust is still asked once.
 */
const DNS_PLUGIN = path.resolve(__dirname, '../../../plugins/dns');
const context = { actor: 'test', transport: 'internal' } as const;
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

/** `npm pack` of the dns plugin into `dir`: the tarball's name and the integrity npm prints. */
function npmPack(dir: string): { file: string; integrity: string } {
  const output = execFileSync('npm', ['pack', DNS_PLUGIN, '--pack-destination', dir, '--json', '--ignore-scripts'], { encoding: 'utf8', cwd: dir });
  const [packed] = JSON.parse(output) as { filename: string; integrity: string }[];
  return { file: packed!.filename, integrity: packed!.integrity };
}

function start(workspace: string): { engine: Engine; dir: string } {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'zervigo.yaml'), 'version: 1\nmachine: false\n');
  const engine = Engine.start({
    dataDir: path.join(dir, 'data'),
    workspacePath: path.join(dir, 'zervigo.yaml'),
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    tickMs: 100,
  });
  engines.push(engine);
  // Written once the engine runs (a workspace that does not load at start stops the start).
  fs.writeFileSync(path.join(dir, 'zervigo.yaml'), workspace);
  engine.workspace.reloadFromFile();
  return { engine, dir };
}

const errorsOf = (engine: Engine): string[] => (engine.workspace.view().error?.issues ?? []).map((issue) => `${issue.line}:${issue.col} ${issue.message}`);

describe('plugins: in the workspace installs what it lacks, from a folder or an npm pack tarball', () => {
  it('installs the tarball (its integrity checked), leaves it to be enabled, then the workspace loads', async () => {
    const packDir = tempDir();
    const { file, integrity } = npmPack(packDir);
    const workspace = `version: 1\nmachine: false\nplugins:\n  - { id: dns, from: "${path.join(packDir, file)}", integrity: "${integrity}" }\nservices:\n  web:\n    probes:\n      - dns: { name: example.test, server: "127.0.0.1:53" }\n`;
    const { engine } = start(workspace);

    const waiting = await waitFor(() => errorsOf(engine).find((line) => line.includes('installed but disabled')), {
      what: `the workspace to say dns waits to be enabled (it says ${JSON.stringify(errorsOf(engine))})`,
      timeoutMs: 20_000,
    });
    expect(waiting).toBe('4:5 the workspace needs plugin dns, which is installed but disabled; enable it (zervigo plugins enable dns)');
    const views = (await engine.dispatch('plugins.list', undefined, context)) as PluginView[];
    expect(views.map(({ id, enabled, trusted }) => ({ id, enabled, trusted }))).toEqual([{ id: 'dns', enabled: false, trusted: false }]);
    expect(views[0]!.dir).toContain(path.join('data', 'plugins', 'dns'));
    const audit = (await engine.dispatch('audit.list', {}, context)) as { actor: string; action: string; message: string }[];
    const installed = audit.find((entry) => entry.action === 'plugin.install');
    expect(installed?.actor).toBe('workspace');
    expect(installed?.message).toMatch(/^installed dns 1\.0\.0 from .*zervigo-plugin-dns-1\.0\.0\.tgz, as the workspace lists it$/);

    await engine.dispatch('plugins.enable', { id: 'dns', accept: true }, context);
    await waitFor(() => engine.workspace.view().error === null, { what: `the workspace to load (it says ${JSON.stringify(errorsOf(engine))})` });
  });

  it('refuses a tarball whose hash is not the given one, or that is another plugin, saying so at the entry and installing nothing', async () => {
    const packDir = tempDir();
    const { file, integrity } = npmPack(packDir);
    const tarball = path.join(packDir, file);
    const wrong = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
    const { engine } = start(
      `version: 1\nmachine: false\nplugins:\n  - { id: dns, from: "${tarball}", integrity: "${wrong}" }\n  - { id: redis, from: "${tarball}", integrity: "${integrity}" }\n  - { id: grpc, from: ./missing-folder }\n`,
    );
    const expected = [
      `4:5 the workspace needs plugin dns: installing it from ${tarball} failed: the tarball's hash is ${integrity}, not the ${wrong} the workspace gives: it is not the package the workspace names`,
      `5:5 the workspace needs plugin redis: installing it from ${tarball} failed: ${tarball} is plugin dns, not redis`,
      expect.stringMatching(/^6:5 the workspace needs plugin grpc: installing it from \/.*\/missing-folder failed: .*missing-folder does not exist/),
    ];
    await waitFor(() => errorsOf(engine).every((line) => line.includes('failed:')) && errorsOf(engine).length === 3, {
      what: `each entry to say why it was not installed (they say ${JSON.stringify(errorsOf(engine))})`,
      timeoutMs: 20_000,
    });
    expect(errorsOf(engine)).toEqual(expected);
    expect(await engine.dispatch('plugins.list', undefined, context)).toEqual([]);
  });
});
