import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServe, stopProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

describe('zervigo config validate', () => {
  it('prints each problem as file:line:col and exits 1', () => {
    const dir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api:\n    strat: node server.js\n    depends_on: [db]\n');
    const result = runCli(['config', 'validate'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'zervigo.yaml:4:5: services.api: unknown key "strat"; did you mean "start"?',
      'zervigo.yaml:5:18: services.api.depends_on[0]: unknown service "db" (known: api)',
    ]);
    expect(result.stderr).toBe('2 problems in zervigo.yaml\n');
  });

  it('reports a YAML slip once, at its line, not the cascade of errors after it', () => {
    const dir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api:\n    start: "node server.js\n    cwd: ./api\n  db:\n    start: redis-server\nrules: []\n');
    const result = runCli(['config', 'validate'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('zervigo.yaml:4:12: this quoted string is never closed: add the closing quote\n');
    expect(result.stderr).toBe('1 problem in zervigo.yaml\n');
  });

  it('confirms a valid file with what it declares', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'ws.yaml', 'version: 1\nservices:\n  db:\n    probes: [{ tcp: "127.0.0.1:6379" }]\n');
    const result = runCli(['config', 'validate', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file} is valid: 1 services, 1 probes, 0 rules, 0 routes, 0 channels\n`);
  });

  it('says so when the file is missing', () => {
    const result = runCli(['config', 'validate', 'nope.yaml'], { cwd: tempDir() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^zervigo: \/.*\/nope\.yaml does not exist\n$/);
  });
});

describe('zervigo init and token', () => {
  it('writes a starter workspace once and refuses to overwrite it', () => {
    const dir = tempDir();
    expect(runCli(['init'], { cwd: dir }).status).toBe(0);
    expect(runCli(['config', 'validate'], { cwd: dir }).status).toBe(0);
    const again = runCli(['init'], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('writes the JSON Schema beside the workspace and names it in the first line, for editors', () => {
    const dir = tempDir();
    expect(runCli(['init'], { cwd: dir }).status).toBe(0);
    const workspace = fs.readFileSync(path.join(dir, 'zervigo.yaml'), 'utf8');
    expect(workspace.split('\n')[0]).toBe('# yaml-language-server: $schema=./zervigo.schema.json');
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'zervigo.schema.json'), 'utf8')) as Record<string, unknown>;
    const printed = runCli(['config', 'schema']);
    expect(printed.status).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(written);
    expect(written).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Zervigo workspace (zervigo.yaml)', type: 'object' });
  });

  it('prints the same token every time, from a 0600 file in the data folder', () => {
    const dataDir = tempDir();
    const first = runCli(['token', '--data-dir', dataDir]);
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(runCli(['token'], { env: { ZERVIGO_DATA_DIR: dataDir } }).stdout).toBe(first.stdout);
    expect(fs.statSync(path.join(dataDir, 'api-token')).mode & 0o777).toBe(0o600);
  });
});

describe('zervigo serve', () => {
  it('serves the workspace, records its versions, and stops cleanly', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  db: {}\n');
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    expect(serve.output()).toContain(`workspace  ${file}`);
    const token = runCli(['token', '--data-dir', dataDir]).stdout.trim();
    const services = await fetch(`${serve.url}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await services.json()) as { name: string }[]).map((service) => service.name)).toEqual(['db']);

    fs.writeFileSync(file, 'version: 1\nservices:\n  db: {}\n  api: { depends_on: [db] }\n');
    await waitFor(() => runCli(['config', 'history', '--data-dir', dataDir]).stdout.split('\n').length >= 4, { what: 'the edit to be recorded' });
    const history = runCli(['config', 'history', '--data-dir', dataDir]).stdout.trim().split('\n');
    expect(history[0]).toMatch(/^ID\s+TIME\s+SOURCE\s+BYTES\s+FILE$/);
    expect(history[1]).toMatch(/^2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+file\s+\d+\s+.*zervigo\.yaml$/);
    expect(history[2]).toMatch(/^1\s+.*\s+startup\s+/);
    const diff = runCli(['config', 'diff', '1', '2', '--data-dir', dataDir]);
    expect(diff.stdout).toContain('+  api: { depends_on: [db] }');

    expect(await stopProcess(serve.child)).toBe(0);
  });

  it('uses the built-in workspace where there is no zervigo.yaml', async () => {
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: tempDir() });
    expect(serve.output()).toMatch(/workspace\s+built-in/);
  });

  it('refuses to start with an invalid workspace, naming each problem', () => {
    const dir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api: { strat: x }\n');
    const result = runCli(['serve', '--port', '0', '--data-dir', tempDir()], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/zervigo\.yaml:3:10: services\.api: unknown key "strat"; did you mean "start"\?/);
  });

  it('names a missing --workspace file and a taken port', async () => {
    const missing = runCli(['serve', '--workspace', 'gone.yaml', '--data-dir', tempDir()], { cwd: tempDir() });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/workspace file .*gone\.yaml does not exist/);

    const first = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: tempDir() });
    const port = new URL(first.url).port;
    const taken = runCli(['serve', '--port', port, '--data-dir', tempDir()], { cwd: tempDir() });
    expect(taken.status).toBe(1);
    expect(taken.stderr).toBe(`zervigo: port ${port} on 127.0.0.1 is already in use (another zervigo serve?); choose another with --port\n`);
  });

  it('will not listen beyond loopback without --allow-remote', () => {
    const result = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir()], { cwd: tempDir() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--allow-remote/);
  });
});
