import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { pluginFolder } from '../helpers/plugin-folder';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('zervigo plugins', () => {
  it('new scaffolds a plugin whose own test passes; install (a tarball), enable --yes, list --json, remove on the data folder', () => {
    const work = tempDir();
    const dataDir = path.join(work, 'data');
    const env = {};
    for (const kind of ['probe', 'channel', 'action', 'analyser', 'log-parser']) {
      const made = runCli(['plugins', 'new', `my-${kind}`, '--kind', kind, '--dir', path.join(work, `my-${kind}`)], { env });
      expect(made.stderr).toBe('');
      const ownTest = spawnSync(process.execPath, ['--test', 'test.js'], { cwd: path.join(work, `my-${kind}`), encoding: 'utf8' });
      expect(ownTest.status, ownTest.stdout + ownTest.stderr).toBe(0);
    }
    const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: path.join(work, 'my-probe'), encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = path.join(work, pack.stdout.trim());
    expect(fs.existsSync(tarball)).toBe(true);

    const installed = runCli(['--data-dir', dataDir, 'plugins', 'install', tarball], { env });
    expect(installed.stdout).toContain('installed my-probe 0.1.0 (probe my-probe): disabled');
    expect(installed.stdout).toContain('enable it with: zervigo plugins enable my-probe --yes');
    const refused = runCli(['--data-dir', dataDir, 'plugins', 'enable', 'my-probe'], { env });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('plugin my-probe asks for no capabilities; accept them to enable it');
    expect(runCli(['--data-dir', dataDir, 'plugins', 'enable', 'my-probe', '--yes'], { env }).status).toBe(0);
    const listed = JSON.parse(runCli(['--data-dir', dataDir, 'plugins', 'list', '--json'], { env }).stdout) as Array<{
      id: string;
      enabled: boolean;
      trusted: boolean;
    }>;
    expect(listed).toMatchObject([{ id: 'my-probe', enabled: true, trusted: true }]);
    expect(runCli(['--data-dir', dataDir, 'plugins', 'remove', 'my-probe'], { env }).stdout).toBe('removed my-probe\n');
    expect(JSON.parse(runCli(['--data-dir', dataDir, 'plugins', 'list', '--json'], { env }).stdout)).toEqual([]);
  }, 120_000);

  it('config validate knows the probe kinds of installed plugins: options checked against their schema, a disabled plugin named', () => {
    const work = tempDir();
    const dataDir = path.join(work, 'data');
    const plugin = pluginFolder({
      id: 'pinger',
      main: `module.exports = { probes: { pinger: { async check() { return { ok: true }; } } } };`,
      contributes: { probes: { pinger: { options: { type: 'object', required: ['host'], properties: { host: { type: 'string' } } } } } },
    });
    expect(runCli(['plugins', 'install', plugin, '--data-dir', dataDir]).status).toBe(0);
    const workspace = (options: string): string =>
      writeFile(tempDir(), 'zervigo.yaml', `version: 1\nservices:\n  api:\n    probes:\n      - pinger: ${options}\n`);
    const disabled = runCli(['config', 'validate', 'zervigo.yaml', '--data-dir', dataDir], { cwd: path.dirname(workspace('{ host: 127.0.0.1 }')) });
    expect(disabled.status).toBe(1);
    expect(disabled.stdout).toContain('zervigo.yaml:5:17: services.api.probes[0].pinger: the probe kind "pinger" comes from plugin pinger, which is disabled');
    expect(runCli(['plugins', 'enable', 'pinger', '--yes', '--data-dir', dataDir]).status).toBe(0);
    const bad = runCli(['config', 'validate', 'zervigo.yaml', '--data-dir', dataDir], { cwd: path.dirname(workspace('{ port: 1 }')) });
    expect(bad.stdout).toContain("zervigo.yaml:5:17: services.api.probes[0].pinger: plugin pinger: must have required property 'host'");
    const good = runCli(['config', 'validate', 'zervigo.yaml', '--data-dir', dataDir], { cwd: path.dirname(workspace('{ host: 127.0.0.1 }')) });
    expect(good.stdout).toContain('zervigo.yaml is valid: 1 services, 1 probes');
  });
});
