#!/usr/bin/env node
'use strict';
/**
 * `npm start` and `npm test` build first, but only when something the build reads has changed:
 * a fingerprint (SHA-256 over the paths and contents of the sources and build configuration) is
 * written beside the output after a successful build and compared before the next. Contents, not
 * modification times, so a checkout of another branch and back, or a touched file, decide right.
 *
 * `npm run build` always builds and ends with `--record`, which writes the fingerprint.
 * Plain CommonJS without dependencies: it runs before anything is built.
 * ZERVIGO_FORCE_BUILD=1 builds regardless.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** What the three electron-vite targets and the CLI bundle read, relative to the project root. */
const INPUTS = ['src', 'resources', 'electron.vite.config.ts', 'vite.node.config.mts', 'tsconfig.json', 'package.json', 'package-lock.json'];
/** Written after a successful build; its absence means "never built". */
const STAMP = path.join('out', '.build-fingerprint');
/** What must exist for the output to be usable at all. */
const OUTPUTS = [path.join('out', 'main', 'index.js'), path.join('out', 'renderer', 'index.html'), path.join('out', 'cli', 'zervigo.cjs')];

function listFiles(root, relative, into) {
  const absolute = path.join(root, relative);
  let stat;
  try {
    stat = fs.statSync(absolute);
  } catch {
    return; // an optional input (e.g. no resources/) simply does not count
  }
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(absolute).sort()) listFiles(root, path.join(relative, entry), into);
  } else if (stat.isFile()) {
    into.push(relative);
  }
}

function fingerprint(root) {
  const files = [];
  for (const input of INPUTS) listFiles(root, input, files);
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(file.split(path.sep).join('/'));
    hash.update('\0');
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why a build is needed, or null when the output matches the sources. */
function staleReason(root) {
  const missing = OUTPUTS.find((output) => !fs.existsSync(path.join(root, output)));
  if (missing !== undefined) return `${missing.split(path.sep).join('/')} is missing`;
  let recorded;
  try {
    recorded = fs.readFileSync(path.join(root, STAMP), 'utf8').trim();
  } catch {
    return 'no record of the last build';
  }
  return recorded === fingerprint(root) ? null : 'sources changed since the last build';
}

function main(args) {
  const root = path.resolve(__dirname, '..');
  if (args.includes('--record')) {
    fs.writeFileSync(path.join(root, STAMP), `${fingerprint(root)}\n`);
    return 0;
  }
  const reason = process.env.ZERVIGO_FORCE_BUILD === '1' ? 'ZERVIGO_FORCE_BUILD=1' : staleReason(root);
  if (reason === null) return 0;
  process.stdout.write(`Building (${reason})...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

module.exports = { fingerprint, staleReason, STAMP, OUTPUTS };

if (require.main === module) process.exit(main(process.argv.slice(2)));
