import fs from 'node:fs';
import path from 'node:path';
import type * as Esbuild from 'esbuild';

/** How to start a plugin's process: the runtime file and the folder it lives in (allowed reads). */
export interface RuntimeEntry {
  file: string;
  dir: string;
}

let fromSource: RuntimeEntry | null = null;

/**
 * The built CLI carries the runtime beside itself (out/cli/plugin-host.cjs), the desktop app beside
 * its main process (out/main/plugin-host.js). From source (tests, benchmarks) host-runtime.ts is
 * bundled once into out/plugin-runtime with esbuild, so a plugin's process never needs a
 * TypeScript loader (whose worker the permission model would refuse).
 */
export function runtimeEntry(): RuntimeEntry {
  for (const name of ['plugin-host.cjs', 'plugin-host.js']) {
    const built = path.join(__dirname, name);
    if (fs.existsSync(built)) return { file: built, dir: __dirname };
  }
  if (fromSource !== null) return fromSource;
  const root = findRepoRoot(__dirname);
  const dir = path.join(root, 'out', 'plugin-runtime');
  const file = path.join(dir, `plugin-host-${process.pid}.cjs`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dev dependency, loaded only when running from source
  const esbuild = require('esbuild') as typeof Esbuild;
  esbuild.buildSync({
    entryPoints: [path.join(root, 'src', 'plugin-sdk', 'host-runtime.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: file,
    logLevel: 'silent',
  });
  process.once('exit', () => fs.rmSync(file, { force: true }));
  fromSource = { file, dir };
  return fromSource;
}

function findRepoRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
