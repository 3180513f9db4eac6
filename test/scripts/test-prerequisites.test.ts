import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFile } from '../helpers/temp-dir';

/**
 * scripts/test-prerequisites.js run for real, as `npm test` runs it. The programs it looks for by
 * name are found through PATH, so a PATH of our own decides what "missing" means; apt-get and sudo
 * on that PATH are small scripts that record their arguments and "install" by creating programs.
 */
const script = path.resolve(__dirname, '..', '..', 'scripts', 'test-prerequisites.js');

function run(pathDirs: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { PATH: pathDirs.join(path.delimiter), ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function executable(dir: string, name: string, body: string): void {
  fs.chmodSync(writeFile(dir, name, `#!/bin/sh\n${body}\n`), 0o755);
}

/** A bin folder where apt-get installs by creating the named programs (a package name -> its programs). */
function fakeApt(options: { fails?: boolean } = {}): { bin: string; calls: string } {
  const bin = tempDir('zervigo-bin-');
  const calls = path.join(bin, 'calls.log');
  executable(
    bin,
    'apt-get',
    `echo "apt-get $*" >> ${calls}
${options.fails === true ? 'echo "E: Unable to locate package xvfb" >&2; exit 100' : ''}
for word in "$@"; do
  case "$word" in
    tmux|openssl) printf '#!/bin/sh\\n' > ${bin}/$word; /bin/chmod 755 ${bin}/$word ;;
    xvfb) printf '#!/bin/sh\\n' > ${bin}/xvfb-run; /bin/chmod 755 ${bin}/xvfb-run ;;
  esac
done`,
  );
  executable(bin, 'sudo', `echo "sudo $*" >> ${calls}\n[ "$1" = "-n" ] && shift\nexec "$@"`);
  return { bin, calls };
}

describe('npm test prerequisites', () => {
  it('passes quietly when every program is there', () => {
    const result = run((process.env.PATH ?? '').split(path.delimiter));
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('stops at once with one line naming what is missing and how to install it', () => {
    const empty = tempDir('zervigo-bin-');
    const result = run([empty], { ZERVIGO_NO_INSTALL: '1' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    // Chromium and Prometheus are found by their absolute paths (this machine has them); the others by PATH.
    expect(result.stderr).toBe(
      'npm test needs tmux, openssl, xvfb, which are missing; install them with your package manager (on Debian: sudo apt-get update && sudo apt-get install -y --no-install-recommends tmux openssl xvfb)\n',
    );
  });

  it('installs what is missing with apt-get, then passes', () => {
    const { bin, calls } = fakeApt();
    const result = run([bin]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Installing what the tests need: tmux openssl xvfb \(apt-get, as (root|sudo)\)\.\.\.\n$/);
    const log = fs.readFileSync(calls, 'utf8');
    expect(log).toContain('apt-get update -qq');
    expect(log).toContain('apt-get install -y -qq --no-install-recommends tmux openssl xvfb');
    expect(run([bin]).status).toBe(0);
  });

  it('says so in one line when apt-get fails', () => {
    const { bin } = fakeApt({ fails: true });
    const result = run([bin]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'npm test needs tmux, openssl, xvfb: apt-get failed (E: Unable to locate package xvfb); install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends tmux openssl xvfb\n',
    );
  });
});
