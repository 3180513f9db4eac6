import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFile } from '../helpers/temp-dir';

/**
 * scripts/build-if-stale.js run for real in a small project whose `npm run build` writes the three
 * outputs, counts its runs, and records the fingerprint as the real build script does.
 */
const repo = path.resolve(__dirname, '..', '..');

function project(): { root: string; builds: () => number; start: () => { status: number | null; stdout: string } } {
  const root = tempDir('zervigo-build-');
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.copyFileSync(path.join(repo, 'scripts', 'build-if-stale.js'), path.join(root, 'scripts', 'build-if-stale.js'));
  const fakeBuild = `const fs = require('fs');
for (const f of ['out/main/index.js', 'out/renderer/index.html', 'out/cli/zervigo.cjs']) { fs.mkdirSync(require('path').dirname(f), { recursive: true }); fs.writeFileSync(f, ''); }
fs.appendFileSync('builds.log', 'x');`;
  writeFile(root, 'fake-build.js', fakeBuild);
  writeFile(
    root,
    'package.json',
    JSON.stringify({ name: 'p', private: true, scripts: { build: 'node fake-build.js && node scripts/build-if-stale.js --record' } }),
  );
  writeFile(root, 'src/core/a.ts', 'export const a = 1;\n');
  return {
    root,
    builds: () => (fs.existsSync(path.join(root, 'builds.log')) ? fs.readFileSync(path.join(root, 'builds.log'), 'utf8').length : 0),
    start: () => {
      const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-if-stale.js')], { cwd: root, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout };
    },
  };
}

describe('build only when stale (npm start, npm test)', () => {
  it('builds a fresh checkout, then not again until a source changes', () => {
    const p = project();
    expect(p.start()).toMatchObject({ status: 0, stdout: expect.stringContaining('Building (out/main/index.js is missing)') as string });
    expect(p.builds()).toBe(1);

    expect(p.start()).toEqual({ status: 0, stdout: '' });
    expect(p.builds()).toBe(1);

    // A touch without a change is not a change.
    const source = path.join(p.root, 'src/core/a.ts');
    fs.utimesSync(source, new Date(), new Date(Date.now() + 60_000));
    expect(p.start().stdout).toBe('');
    expect(p.builds()).toBe(1);

    fs.writeFileSync(source, 'export const a = 2;\n');
    expect(p.start().stdout).toContain('Building (sources changed since the last build)');
    expect(p.builds()).toBe(2);

    writeFile(p.root, 'src/renderer/new-file.tsx', 'export {};\n');
    expect(p.start().stdout).toContain('sources changed');
    expect(p.builds()).toBe(3);
  });

  it('rebuilds when an output is gone or the build was never recorded', () => {
    const p = project();
    p.start();
    fs.rmSync(path.join(p.root, 'out/cli/zervigo.cjs'));
    expect(p.start().stdout).toContain('Building (out/cli/zervigo.cjs is missing)');
    fs.rmSync(path.join(p.root, 'out/.build-fingerprint'));
    expect(p.start().stdout).toContain('Building (no record of the last build)');
    expect(p.builds()).toBe(3);
  });
});
