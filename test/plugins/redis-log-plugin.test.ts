import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { LogPatternView, LogSearchResult, LogSourceView } from '../../src/shared/types/logs';
import { freePort } from '../helpers/free-port';
import { scaffoldPlugin } from '../../src/cli/commands/plugin-scaffold';
import { pluginFolder } from '../helpers/plugin-folder';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/**
 * The redis-log parser shipped in plugins/, through the real engine: redis-server runs as a
 * workspace service on 127.0.0.1, its output goes through the plugin's process, and the Logs
 * search sees each line's time, level (the built-in parser gives these lines no level) and fields
 * (pid, role), a failure reported with "#" as an error, and its message as the pattern.
 */
const context = { actor: 'test', transport: 'internal' } as const;
const run = promisify(execFile);

const workspace = (port: number, parsers: string): string => `version: 1
machine: false
plugins: [redis-log]
services:
  cache:
    start: [redis-server, --port, "${port}", --bind, 127.0.0.1, --save, "", --appendonly, "no", --enable-debug-command, local]
logs:
  parsers:
${parsers}`;

async function searchLines(plugin: ShippedProbePlugin, query: string): Promise<LogSearchResult['lines']> {
  await plugin.engine.logs.settled();
  return ((await plugin.engine.dispatch('logs.search', { query, range: '1h', limit: 500 }, context)) as LogSearchResult).lines;
}

describe('plugin redis-log', () => {
  it("reads a real redis-server's output: levels from its marks, its times, a reported failure as an error", async () => {
    const plugin = await ShippedProbePlugin.start('redis-log');
    const port = await freePort();
    fs.writeFileSync(plugin.file, workspace(port, '    - redis-log: {}\n      services: [cache]\n'));
    plugin.engine.workspace.reloadFromFile();
    expect(plugin.engine.workspace.view().error).toBeNull();

    const ready = await waitFor(async () => (await searchLines(plugin, 'service:cache "Ready to accept connections"'))[0], {
      what: 'redis-server ready in the logs',
      timeoutMs: 30_000,
    });
    expect(ready.level).toBe('info');
    // Its own time (to the millisecond, local time as Redis writes it), not when Zervigo read it.
    const written = /(\d{2}) (\w{3}) (\d{4}) (\d{2}:\d{2}:\d{2}\.\d{3})/.exec(ready.text);
    expect(written).not.toBeNull();
    expect(ready.ts).toBe(new Date(`${written![2]} ${written![1]} ${written![3]} ${written![4]}`).getTime());
    // The parser's fields (the writing process and its role) are stored with the line and searchable.
    expect(Object.keys(ready.fields ?? {}).sort()).toEqual(['pid', 'role']);
    expect(ready.fields).toMatchObject({ role: 'primary' });
    expect(ready.fields?.pid).toMatch(/^\d+$/);
    expect((await searchLines(plugin, `field.role:primary field.pid:${ready.fields?.pid} "Ready to accept connections"`)).map((line) => line.id)).toEqual([
      ready.id,
    ]);
    expect(await searchLines(plugin, 'service:cache field.role:replica')).toEqual([]);
    expect(await searchLines(plugin, 'service:cache field.pid:1')).toEqual([]);
    // "# Server initialized" and friends: warnings, which the built-in parser cannot tell.
    expect((await searchLines(plugin, 'service:cache level:warn')).length).toBeGreaterThan(0);

    await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'DEBUG', 'LOG', 'replication link failed: connection refused']);
    // Advice ("… may fail under low memory …") stays a warning; a failure reported is an error.
    expect(await searchLines(plugin, 'service:cache level:error+ overcommit')).toEqual([]);
    const failure = await waitFor(async () => (await searchLines(plugin, 'service:cache level:error+'))[0], {
      what: 'the failure as an error',
      timeoutMs: 20_000,
    });
    expect(failure.text).toContain('# DEBUG LOG: replication link failed: connection refused');
    // The pattern is mined from the message (after the mark), not the pid and time.
    const patterns = (await plugin.engine.dispatch('logs.patterns', { service: 'cache', limit: 1_000 }, context)) as LogPatternView[];
    expect(patterns.map((pattern) => pattern.template)).toContain('DEBUG LOG: replication link failed: connection refused');
    const sources = ((await plugin.engine.dispatch('logs.status', undefined, context)) as { sources: LogSourceView[] }).sources;
    expect(sources.find((source) => source.name === 'cache:stdout')).toMatchObject({ parser: "plugin redis-log's log parser redis-log", message: null });
  }, 90_000);

  it('a parser that answers garbage or never answers loses no line: the built-in parser reads them, the source says why naming the plugin', async () => {
    const plugin = await ShippedProbePlugin.start('redis-log');
    const junk = pluginFolder({
      id: 'junk-log',
      main: `module.exports = { logParsers: { 'junk-log': { async parse(options) { return options.hang ? new Promise(() => {}) : [{ level: 'loud' }]; } } } };`,
      contributes: { logParsers: { 'junk-log': { options: { type: 'object' } } } },
    });
    await plugin.engine.dispatch('plugins.install', { source: junk, accept: true }, context);
    const port = await freePort();
    // A second service whose parser never answers: its batch times out after 5 s.
    const web = `  web:\n    start: [${JSON.stringify(process.execPath)}, -e, "console.log('web listening'); setInterval(() => {}, 1e6)"]\n`;
    const text = workspace(port, '    - junk-log: {}\n      services: [cache]\n    - junk-log: { hang: true }\n      services: [web]\n')
      .replace('plugins: [redis-log]', 'plugins: [junk-log]')
      .replace('logs:\n', `${web}logs:\n`);
    fs.writeFileSync(plugin.file, text);
    plugin.engine.workspace.reloadFromFile();
    expect(plugin.engine.workspace.view().error).toBeNull();
    await waitFor(async () => (await searchLines(plugin, 'service:cache "Ready to accept connections"')).length > 0, {
      what: 'the lines stored anyway',
      timeoutMs: 30_000,
    });
    const sources = ((await plugin.engine.dispatch('logs.status', undefined, context)) as { sources: LogSourceView[] }).sources;
    expect(sources.find((source) => source.name === 'cache:stdout')?.message).toMatch(
      /^plugin junk-log's log parser junk-log answered garbage: \[0\]\.level: Invalid option: .*; its lines are read by the built-in parser meanwhile$/,
    );
    await waitFor(async () => (await searchLines(plugin, 'service:web "web listening"')).length > 0, {
      what: "web's line stored after its parser's timeout",
      timeoutMs: 30_000,
    });
    const after = ((await plugin.engine.dispatch('logs.status', undefined, context)) as { sources: LogSourceView[] }).sources;
    expect(after.find((source) => source.name === 'web:stdout')?.message).toMatch(
      /^plugin junk-log did not answer logParser\.parse junk-log within \d+ ms; its lines are read by the built-in parser meanwhile$/,
    );
  }, 90_000);

  it('is checked at load at file:line:col: its options, an unknown kind, which lines it reads', async () => {
    const plugin = await ShippedProbePlugin.start('redis-log');
    const problems = (parsers: string): string[] =>
      plugin.engine.workspace
        .validate(`version: 1\nmachine: false\nlogs:\n  parsers:\n${parsers}`)
        .map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    expect(problems('    - redis-log: { timezone: mars }\n      services: [cache]\n')).toEqual([
      '5:30 logs.parsers[0].redis-log.timezone: plugin redis-log: must be equal to one of the allowed values: "local", "utc"',
    ]);
    expect(problems('    - redis-logs: {}\n      services: [cache]\n')).toContain(
      '5:7 logs.parsers[0]: names no log parser kind an installed plugin provides (log parser kinds: redis-log)',
    );
    expect(problems('    - redis-log: {}\n')).toEqual(['5:7 logs.parsers[0]: say which lines it reads: services, files or both']);
  }, 60_000);

  it("made by `zervigo plugins new NAME --kind log-parser` reads a real service's output through the engine as its example says", async () => {
    const plugin = await ShippedProbePlugin.start('redis-log');
    const dir = scaffoldPlugin('bracket-log', 'log-parser', path.join(tempDir(), 'bracket-log'));
    await plugin.engine.dispatch('plugins.install', { source: dir, accept: true }, context);
    const script =
      "console.log('[WARN] disk almost full'); console.log('cache warmed'); console.log('[ERROR] payment failed\\n    at charge (pay.js:3)'); setInterval(() => {}, 1e6)";
    fs.writeFileSync(
      plugin.file,
      `version: 1\nmachine: false\nplugins: [bracket-log]\nservices:\n  pay:\n    start: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(script)}]\nlogs:\n  parsers:\n    - bracket-log: { default_level: info }\n      services: [pay]\n`,
    );
    plugin.engine.workspace.reloadFromFile();
    expect(plugin.engine.workspace.view().error).toBeNull();
    const failure = await waitFor(async () => (await searchLines(plugin, 'service:pay level:error'))[0], { what: 'the error entry', timeoutMs: 30_000 });
    // The indented stack frame joined the entry before it.
    expect(failure.text).toContain('[ERROR] payment failed\n    at charge (pay.js:3)');
    expect((await searchLines(plugin, 'service:pay level:warn')).map((line) => line.text)).toEqual(['[WARN] disk almost full']);
    // A line without a mark gets the entry's default_level (the built-in parser gives it none).
    expect((await searchLines(plugin, 'service:pay "cache warmed"')).map((line) => line.level)).toEqual(['info']);
    const sources = ((await plugin.engine.dispatch('logs.status', undefined, context)) as { sources: LogSourceView[] }).sources;
    expect(sources.find((source) => source.name === 'pay:stdout')).toMatchObject({ parser: "plugin bracket-log's log parser bracket-log", message: null });
  }, 60_000);
});
