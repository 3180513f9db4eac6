#!/usr/bin/env node
'use strict';
/**
 * Makes a plugin that uses npm packages (the postgresql probe uses `pg`) installable. Zervigo runs
 * each plugin with Node's permission model reading only its own folder, and copies the folder into
 * its data folder on install, so the packages must travel inside it. This bundles the main module
 * with its dependencies into one file (esbuild, as the plugin runtime itself is built) and writes
 * the installable folder and an `npm pack`-style tarball:
 *
 *   node scripts/pack-plugin.js plugins/postgresql [--out out/plugins]
 *   -> out/plugins/postgresql/ and out/plugins/zervigo-plugin-postgresql-1.0.0.tgz
 *
 * The dependencies come from the repo's node_modules (npm install puts them there). A plugin
 * without dependencies is installable as it is and needs none of this.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Optional requires inside drivers that only other runtimes or native builds use: left as they are, never reached. */
const NEVER_LOADED = ['pg-native', 'cloudflare:sockets'];

/**
 * Writes `<outDir>/<id>/` (package.json without dependencies, the bundled main module, README)
 * and `<outDir>/<name>-<version>.tgz` beside it; returns both paths.
 */
async function packPlugin(pluginDir, outDir) {
  const source = path.resolve(pluginDir);
  const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  const id = pkg.zervigo && pkg.zervigo.id;
  if (typeof id !== 'string') throw new Error(`${source}/package.json has no zervigo.id: it is not a plugin`);
  const folder = path.join(path.resolve(outDir), id);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });

  const main = pkg.main || 'index.js';
  require('esbuild').buildSync({
    entryPoints: [path.join(source, main)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(folder, 'index.js'),
    external: NEVER_LOADED,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const packed = { ...pkg, main: 'index.js' };
  delete packed.dependencies;
  delete packed.bundleDependencies;
  delete packed.scripts;
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(packed, null, 2)}\n`);
  for (const extra of ['README.md', 'LICENSE']) {
    if (fs.existsSync(path.join(source, extra))) fs.copyFileSync(path.join(source, extra), path.join(folder, extra));
  }

  const tarball = path.join(path.resolve(outDir), `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  await require('tar').c({ gzip: true, file: tarball, cwd: folder, prefix: 'package', portable: true }, fs.readdirSync(folder));
  return { folder, tarball };
}

module.exports = { packPlugin };

if (require.main === module) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args[outAt + 1] : path.join(__dirname, '..', 'out', 'plugins');
  const dirs = args.filter((arg, index) => index !== outAt && index !== outAt + 1);
  if (dirs.length === 0 || outDir === undefined) {
    process.stderr.write('usage: node scripts/pack-plugin.js PLUGIN_FOLDER... [--out DIR]\n');
    process.exit(2);
  }
  (async () => {
    for (const dir of dirs) {
      const { folder, tarball } = await packPlugin(dir, outDir);
      process.stdout.write(`${folder}\n${tarball}\n`);
    }
  })().catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
