import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli';
import { pluginFolder } from '../helpers/plugin-folder';
import { SHIPPED_PLUGINS_DIR } from '../helpers/shipped-probe-plugin';
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

  it("config schema includes the installed plugins' kinds with their options schemas (shipped redis, ntfy, http-call, redis-log, slo-burn-rate)", () => {
    const dataDir = path.join(tempDir(), 'data');
    for (const id of ['redis', 'ntfy', 'http-call', 'redis-log', 'slo-burn-rate'])
      expect(runCli(['plugins', 'install', path.join(SHIPPED_PLUGINS_DIR, id), '--data-dir', dataDir]).status).toBe(0);
    expect(runCli(['plugins', 'enable', 'redis', '--yes', '--data-dir', dataDir]).status).toBe(0);
    const printed = runCli(['config', 'schema', '--data-dir', dataDir]);
    expect(printed.stderr).toBe('');
    const schema = JSON.parse(printed.stdout) as { properties: Record<string, unknown> };
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
    ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    const validate = ajv.compile(schema);
    const accepts = (yaml: string): boolean => validate(parse(`version: 1\n${yaml}`));
    const probe = (entry: string): boolean => accepts(`services:\n  cache:\n    probes:\n      - ${entry}\n`);

    // A plugin's probe kind is a key like a built-in one, its options checked against its manifest.
    expect(probe('redis: { address: "127.0.0.1:6379" }\n        every: 5s'), JSON.stringify(validate.errors)).toBe(true);
    expect(probe('redis: { port: 6379 }')).toBe(false);
    expect(probe('redis: { address: "127.0.0.1:6379" }\n        tcp: "127.0.0.1:6379"')).toBe(false);
    expect(probe('rediss: { address: "127.0.0.1:6379" }')).toBe(false);
    // Channel, action, analyser and log parser kinds: their options checked too (a disabled plugin's as well: validate names it).
    expect(accepts('channels:\n  phone: { ntfy: { topic: alerts-1 } }\n')).toBe(true);
    expect(accepts('channels:\n  phone: { ntfy: { server: "https://ntfy.example" } }\n')).toBe(false);
    expect(accepts('logs:\n  parsers:\n    - redis-log: { timezone: utc }\n      services: [cache]\n')).toBe(true);
    expect(accepts('logs:\n  parsers:\n    - redis-log: { timezone: mars }\n      services: [cache]\n')).toBe(false);
    expect(accepts('analysis:\n  analysers:\n    - slo-burn-rate: { objective: 99.9 }\n      select: [probe_success]\n')).toBe(true);
    expect(accepts('analysis:\n  analysers:\n    - slo-burn-rate: { objective: high }\n      select: [probe_success]\n')).toBe(false);
    const rule = (action: string): boolean => accepts(`rules:\n  - alert: Down\n    expr: probe_success == 0\n    then: [${action}]\n`);
    expect(rule('{ http-call: { url: "http://127.0.0.1:9/hook" } }'), JSON.stringify(validate.errors)).toBe(true);
    expect(rule('{ http-call: { url: "ftp://x" } }')).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('The probe kind \\"redis\\" of plugin redis: its options.');
    expect(text).toContain('The channel kind \\"ntfy\\" of plugin ntfy (disabled: zervigo plugins enable ntfy): its options.');
  }, 60_000);
});
