import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Engine } from '../../src/core/engine';
import type { PluginView } from '../../src/shared/types/plugins';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the repo's CommonJS script, as `node scripts/pack-plugin.js` runs it
const { packPlugin } = require('../../scripts/pack-plugin.js') as { packPlugin: (dir: string, out: string) => Promise<{ folder: string; tarball: string }> };

export const PLUGINS_DIR = path.resolve(__dirname, '../../plugins');

export interface PackedPluginEngine {
  engine: Engine;
  /** The workspace file: write it, then `engine.workspace.reloadFromFile()`. */
  file: string;
  plugin: PluginView;
  /** Every line the engine logged (debug and up), for checking that no secret is written. */
  logs: () => string;
  stop(): Promise<void>;
}

/**
 * A real engine with one of the repo's plugins installed the way an operator installs it: packed
 * by scripts/pack-plugin.js into an npm-style tarball (its npm dependencies bundled in), then
 * `plugins.install` with the capabilities accepted. `processEnv` is what ${VAR} reads.
 */
export async function engineWithPackedPlugin(pluginId: string, processEnv: NodeJS.ProcessEnv = {}): Promise<PackedPluginEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zervigo-${pluginId}-`));
  const { tarball } = await packPlugin(path.join(PLUGINS_DIR, pluginId), path.join(dir, 'packed'));
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, 'version: 1\nmachine: false\n');
  fs.mkdirSync(path.join(dir, 'data'));
  let logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  const engine = Engine.start({
    dataDir: path.join(dir, 'data'),
    workspacePath: file,
    shell: 'server',
    logger: pino({ level: 'debug' }, sink),
    processEnv,
    tickMs: 100,
    probeSpreadMs: 0,
  });
  try {
    const plugin = (await engine.dispatch('plugins.install', { source: tarball, accept: true }, { actor: 'test', transport: 'internal' })) as PluginView;
    return {
      engine,
      file,
      plugin,
      logs: () => logged,
      stop: async () => {
        await engine.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await engine.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
