import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_FILE_NAME } from '../../src/cli/interactive/run-interactive';
import { parseCommandLine } from '../../src/cli/interactive/command-line';
import { complete } from '../../src/cli/interactive/completions';
import { commands } from '../../src/shared/contract';
import type { CommandMap } from '../../src/shared/contract/define';
import { inputSchema } from '../../src/shared/openapi/openapi-document';
import { cliBin, repoRoot, startServe, type CliResult } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { tmuxTerminal } from '../helpers/tmux-terminal';
import { waitFor } from '../helpers/wait-for';

/** The first prompt of a fresh CLI process: Node and the CLI bundle starting on a loaded machine. */
const COLD_START_MS = 45_000;
const map: CommandMap = commands;
const schemaOf = (name: string) => (map[name] === undefined ? undefined : inputSchema(map[name]));
const names = {
  services: ['api', 'db', 'worker'],
  probes: ['api/http#0'],
  alerts: [{ fingerprint: 'ab12cd34ef56ab78', alertname: 'ApiDown' }],
  channels: ['slack-ops'],
};

/** `zervigo interactive` with lines piped in, as a script would. */
function runScript(args: string[], script: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd: repoRoot, env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(script);
  });
}

async function shop() {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  writeFile(dir, 'zervigo.yaml', 'version: 1\nname: shop\nmachine: false\nservices:\n  api: {}\n  db: {}\n');
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  return { dataDir, serve };
}

describe('zervigo interactive: reading a line', () => {
  it("reads field=value by the field's type (lists at commas, booleans, numbers), or JSON", () => {
    expect(parseCommandLine('services.restart services=api,db confirm=true', schemaOf)).toEqual({
      command: 'services.restart',
      input: { services: ['api', 'db'], confirm: true },
    });
    expect(parseCommandLine('alerts.list {"state":"firing"}', schemaOf)).toEqual({ command: 'alerts.list', input: { state: 'firing' } });
    expect(parseCommandLine('silences.create matchers=[{"name":"service","value":"api"}] duration=2h comment="a b"', schemaOf)).toEqual({
      command: 'silences.create',
      input: { matchers: [{ name: 'service', value: 'api' }], duration: '2h', comment: 'a b' },
    });
    expect(parseCommandLine('services.list', schemaOf)).toEqual({ command: 'services.list', input: undefined });
    expect(() => parseCommandLine('services.get nme=api', schemaOf)).toThrow('services.get has no field "nme" (it takes service)');
    expect(() => parseCommandLine('services.get api', schemaOf)).toThrow('"api" is not key=value');
    expect(() => parseCommandLine('servics.list', schemaOf)).toThrow('no command "servics.list"');
    expect(() => parseCommandLine('services.get service="api', schemaOf)).toThrow('a quote (") is not closed');
  });

  it("completes commands, then fields, then values: enum choices and the workspace's names", () => {
    const all = Object.keys(map);
    expect(complete('services.re', all, schemaOf, names)[0]).toEqual(expect.arrayContaining(['services.restart', 'services.reset', 'services.revealEnv']));
    expect(complete('', all, schemaOf, names)[0]).toHaveLength(all.length + 3);
    expect(complete('help alerts.l', all, schemaOf, names)[0]).toEqual(['alerts.list']);
    expect(complete('services.restart ', all, schemaOf, names)[0]).toEqual(expect.arrayContaining(['services=', 'confirm=']));
    expect(complete('services.restart services=api ', all, schemaOf, names)[0]).not.toContain('services=');
    expect(complete('services.restart services=api,w', all, schemaOf, names)).toEqual([['services=api,worker'], 'services=api,w']);
    expect(complete('services.restart confirm=', all, schemaOf, names)[0]).toEqual(['confirm=true', 'confirm=false']);
    expect(complete('alerts.list state=f', all, schemaOf, names)[0]).toEqual(['state=firing']);
    expect(complete('alerts.acknowledge fingerprint=', all, schemaOf, names)[0]).toEqual(['fingerprint=ab12cd34ef56ab78']);
  });
});

describe('zervigo interactive against a running console', () => {
  it('runs piped lines as a script: each answer as JSON, errors said with their code, help per command; exit 1 when one failed', async () => {
    const { dataDir, serve } = await shop();
    const ok = await runScript(['interactive', '--url', serve.url, '--data-dir', dataDir], 'services.list\nhelp services.get\nservices.get service=db\nexit\n');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('"name": "api"');
    expect(ok.stdout).toContain('services.get — ');
    expect(ok.stdout).toMatch(/^ {4}service\s+string\s+\(required/m);
    expect(ok.stdout).toContain('"name": "db"');

    const bad = await runScript(['interactive', '--url', serve.url, '--data-dir', dataDir], 'services.get service=nope\nservices.list\n');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/error \(not_found\): .*nope/);
    expect(bad.stdout).toContain('"name": "api"');
  });

  it('exits 3 when --url does not answer, 4 when the token is refused', async () => {
    const nobody = await runScript(['interactive', '--url', `http://127.0.0.1:${await freePort()}`, '--token', 'x'], 'services.list\n');
    expect(nobody.status).toBe(3);
    expect(nobody.stderr).toMatch(/^zervigo: no Zervigo server answers/);
    const { serve } = await shop();
    const wrong = await runScript(['interactive', '--url', serve.url, '--token', 'not-the-token'], 'services.list\n');
    expect(wrong.status).toBe(4);
    expect(wrong.stderr).toMatch(/^zervigo: .*token/);
  });

  it("in a real terminal: Tab completes a command, its fields and the workspace's names; history survives a new session", async () => {
    const { dataDir, serve } = await shop();
    const { tmux, open, reopen, screen, exited } = tmuxTerminal('shell', 120, 40);
    const argv = [process.execPath, cliBin, '--data-dir', dataDir, 'interactive', '--url', serve.url];
    // A failure prints the terminal as it was, so a CI log alone says what the shell showed.
    const sees = (text: string | RegExp, timeoutMs = 15_000): Promise<string> =>
      waitFor(() => (typeof text === 'string' ? screen().includes(text) : text.test(screen())) && screen(), {
        timeoutMs,
        what: `the shell to show ${String(text)}`,
      }).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; the screen:\n${screen()}`);
      });
    // Each Tab on its own: readline completes only keys typed, not a pasted chunk.
    const type = (...keys: string[]): void => {
      for (const key of keys) tmux('send-keys', '-t', 'shell', ...(key === 'Tab' || key === 'Enter' || key === 'Up' || key === 'C-d' ? [key] : ['-l', key]));
    };
    open(argv);
    // The first prompt waits for a cold start of Node and the CLI bundle: generous on a loaded machine.
    await sees('zervigo shop> ', COLD_START_MS);
    type('services.get');
    await sees('zervigo shop> services.get');
    type(' ', 'Tab');
    await sees('zervigo shop> services.get service=');
    type('d', 'Tab');
    await sees('zervigo shop> services.get service=db');
    type('Enter');
    await sees('"name": "db"');
    type('C-d');
    expect(await waitFor(() => exited(), { timeoutMs: 15_000, what: 'the shell to exit on Ctrl-D' })).toEqual({ code: 0, signal: null });
    expect(fs.readFileSync(path.join(dataDir, HISTORY_FILE_NAME), 'utf8')).toBe('services.get service=db\n');

    reopen();
    await waitFor(() => screen().trimEnd().endsWith('zervigo shop>'), { timeoutMs: COLD_START_MS, what: 'a fresh prompt' });
    type('Up');
    await waitFor(() => screen().trimEnd().endsWith('zervigo shop> services.get service=db'), { timeoutMs: 15_000, what: "the last session's line on Up" });
  }, 150_000);
});
