import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, resolveMaxWorkspaceBytes } from '../../src/core/config/input-limits';
import { parseWorkspace } from '../../src/core/config/parse-workspace';
import { Engine, type EngineOptions } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import type { CallContext } from '../../src/shared/contract/define';
import type { ConfigErrorView } from '../../src/shared/types/workspace';
import { runCli } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { asAnotherUser, binaryGarbage, openForReading, runningAsRoot } from './helpers';
import { builtinKinds } from '../../src/core/builtin-kinds';

/**
 * Bad workspace input, on every way in: the file at start, a hot-reload edit, the
 * workspace.validate / workspace.save payloads and the CLI validator. Each is refused with a
 * sentence (and a position where there is one), the last good version keeps running, and the
 * engine stays usable.
 */

const GOOD = 'version: 1\nservices:\n  db: {}\n';
const MiB = 1024 * 1024;
const context: CallContext = { actor: 'test', transport: 'internal' };

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

function start(workspacePath: string | null, options: Partial<EngineOptions> = {}): Engine {
  const engine = Engine.start({ dataDir: tempDir(), workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, ...options });
  engines.push(engine);
  return engine;
}

function watchRejections(engine: Engine): ConfigErrorView[] {
  const rejected: ConfigErrorView[] = [];
  engine.bus.on('workspace.invalid', (error) => rejected.push(error));
  return rejected;
}

const issuesOf = (text: string): string[] => {
  const result = parseWorkspace(text, { kinds: builtinKinds, file: 'w.yaml', processEnv: {} });
  return result.ok ? [] : result.issues.map((issue) => `${issue.line}:${issue.col}: ${issue.message}`);
};

/** A valid YAML text of `bytes` bytes: the workspace, padded with a comment. */
const padded = (bytes: number): string => `${GOOD}#${'x'.repeat(bytes - GOOD.length - 2)}\n`;

describe('a huge workspace', () => {
  it('is refused at start by its size, before it is read, and the CLI validator says the same', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', padded(5 * MiB));
    expect(() => start(file)).toThrow(/^workspace file .*zervigo\.yaml is 5 MiB, over the 4 MiB limit \(raise it with ZERVIGO_MAX_WORKSPACE_SIZE/);
    const cli = runCli(['config', 'validate', file]);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/zervigo\.yaml:1:1: the file is 5 MiB, over the 4 MiB limit/);
  });

  it('is refused on hot reload; the last good version keeps running', async () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', GOOD);
    const engine = start(file);
    const rejected = watchRejections(engine);
    fs.writeFileSync(file, padded(4 * MiB + 1));
    await waitFor(() => rejected.length > 0, { what: 'the oversized edit to be rejected' });
    expect(rejected[0]?.issues[0]?.message).toMatch(/is 4 MiB, over the 4 MiB limit/);
    expect(Object.keys(engine.workspace.current().config.services)).toEqual(['db']);
  });

  it('is refused as a workspace.validate or workspace.save payload (413) whatever it contains, so before parsing', async () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', GOOD);
    const engine = start(file);
    // Text that would fail to parse in several ways: only its size is reported.
    const payload = `${'[{'.repeat(1000)}\u0000${'x'.repeat(4 * MiB)}`;
    for (const command of ['workspace.validate', 'workspace.save'] as const) {
      await expect(engine.dispatch(command, { content: payload }, context)).rejects.toMatchObject({
        code: 'payload_too_large',
        message: expect.stringMatching(/^the workspace text is 4 MiB, over the 4 MiB limit/) as string,
      });
    }
    // Multi-byte characters count as bytes: 1.5 M three-byte characters are 4.5 MiB.
    await expect(engine.dispatch('workspace.validate', { content: `#${'€'.repeat(1_500_000)}` }, context)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(fs.readFileSync(file, 'utf8')).toBe(GOOD);
    await expect(engine.dispatch('workspace.validate', { content: GOOD }, context)).resolves.toEqual({ ok: true, issues: [], restartToApply: [] });
  });

  it('has a configurable limit: an engine option, ZERVIGO_MAX_WORKSPACE_SIZE, serve --max-workspace-size', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', padded(150 * 1024));
    expect(() => start(file, { maxWorkspaceBytes: 100 * 1024 })).toThrow(/is 150 KiB, over the 100 KiB limit/);
    expect(start(file, { maxWorkspaceBytes: 200 * 1024 }).workspace.current().config.services.db).toBeDefined();

    expect(resolveMaxWorkspaceBytes(undefined, {})).toBe(4 * MiB);
    expect(resolveMaxWorkspaceBytes(undefined, { ZERVIGO_MAX_WORKSPACE_SIZE: '8MiB' })).toBe(8 * MiB);
    expect(resolveMaxWorkspaceBytes('512KiB', { ZERVIGO_MAX_WORKSPACE_SIZE: '8MiB' })).toBe(512 * 1024);
    expect(() => resolveMaxWorkspaceBytes('lots', {})).toThrow('--max-workspace-size "lots" is not a size; write e.g. 4MiB, 512KiB or 8MB');
    expect(() => resolveMaxWorkspaceBytes(undefined, { ZERVIGO_MAX_WORKSPACE_SIZE: '1KB' })).toThrow(/ZERVIGO_MAX_WORKSPACE_SIZE 1KB is too small/);

    const viaEnv = runCli(['config', 'validate', file], { env: { ZERVIGO_MAX_WORKSPACE_SIZE: '100KiB' } });
    expect(viaEnv.status).toBe(1);
    expect(viaEnv.stdout).toMatch(/is 150 KiB, over the 100 KiB limit/);
    expect(runCli(['config', 'validate', file], { env: { ZERVIGO_MAX_WORKSPACE_SIZE: '1MiB' } }).status).toBe(0);
    const badFlag = runCli(['serve', '--max-workspace-size', 'huge', '--data-dir', tempDir(), '--port', '0']);
    expect(badFlag.status).toBe(1);
    expect(badFlag.stderr).toBe('zervigo: --max-workspace-size "huge" is not a size; write e.g. 4MiB, 512KiB or 8MB\n');
  });
});

describe('deep nesting and alias bombs', () => {
  const flow = (depth: number): string => `version: 1\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

  it(`reports nesting past ${MAX_NESTING_DEPTH} levels as "nested too deeply", where it happens, in every notation`, () => {
    const limit = `nested too deeply (limit ${MAX_NESTING_DEPTH})`;
    // Flow sequences a million deep (2 MB): no stack overflow, stopped at the limit.
    expect(issuesOf(flow(1_000_000))).toEqual([`2:${3 + MAX_NESTING_DEPTH}: ${limit}`]);
    const jsonStyle = `{"version": 1, "x": ${'{"a": '.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    expect(issuesOf(jsonStyle)[0]).toMatch(new RegExp(`^1:\\d+: ${limit.replace(/[()]/g, '\\$&')}$`));
    const block = `version: 1\nx:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')}\n`;
    expect(issuesOf(block)).toEqual([expect.stringMatching(new RegExp(`^\\d+:\\d+: ${limit.replace(/[()]/g, '\\$&')}$`)) as string]);
    const blockSequences = `version: 1\nx:\n${'- '.repeat(5_000)}a\n`;
    expect(issuesOf(blockSequences)[0]).toContain(limit);
    // At the limit itself the file is read; only the schema has something to say.
    expect(issuesOf(flow(MAX_NESTING_DEPTH - 1))).toEqual([expect.stringMatching(/^2:1: unknown key "x"/) as string]);
    expect(issuesOf(flow(MAX_NESTING_DEPTH))).toEqual([`2:${3 + MAX_NESTING_DEPTH}: ${limit}`]);
  });

  it('refuses a billion-laughs alias bomb and a deep alias chain with a sentence, not a crash', () => {
    const bomb = [
      'version: 1',
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(issuesOf(bomb)).toEqual(['1:1: aliases (*name) expand to too much (limit 100); is this an alias bomb?']);
    // Each anchor holds the previous one: a shallow text that would expand 3,000 levels deep.
    const chain = ['version: 1', 'a0: &a0 [x]', ...Array.from({ length: 3_000 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`)].join('\n');
    expect(issuesOf(chain)).toEqual(['1:1: aliases (*name) expand to too much (limit 100); is this an alias bomb?']);
    // Two aliases within the alias budget, each 40 deep in the text: 80 deep once expanded.
    const nest = (inner: string): string => `${'['.repeat(40)}${inner}${']'.repeat(40)}`;
    const stacked = `version: 1\na: &a ${nest('x')}\nb: &b ${nest('*a')}\nc: *b\n`;
    expect(issuesOf(stacked)).toEqual([`1:1: nested too deeply (limit ${MAX_NESTING_DEPTH})`]);
  });

  it('answers a deep payload through workspace.validate with the issue, and keeps working', async () => {
    const engine = start(writeFile(tempDir(), 'zervigo.yaml', GOOD));
    const result = (await engine.dispatch('workspace.validate', { content: flow(200_000) }, context)) as { ok: boolean; issues: { message: string }[] };
    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => issue.message)).toEqual([`nested too deeply (limit ${MAX_NESTING_DEPTH})`]);
    await expect(engine.dispatch('workspace.validate', { content: GOOD }, context)).resolves.toEqual({ ok: true, issues: [], restartToApply: [] });
  });
});

describe('files that are not workspace text', () => {
  it('refuses binary garbage and invalid UTF-8 at start, naming the byte and its line and column', () => {
    const dir = tempDir();
    const garbage = path.join(dir, 'garbage.yaml');
    fs.writeFileSync(garbage, binaryGarbage(4096));
    expect(() => start(garbage)).toThrow(/garbage\.yaml is not UTF-8 text: byte 0xFF cannot start or continue a character \(is it a binary file\?\)/);

    const latin1 = path.join(dir, 'latin1.yaml');
    fs.writeFileSync(latin1, Buffer.concat([Buffer.from('version: 1\nname: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const cli = runCli(['config', 'validate', latin1]);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/latin1\.yaml:2:11: the file is not UTF-8 text: byte 0xE9 cannot start or continue a character/);

    // Valid UTF-8, but with control characters no YAML text has.
    expect(issuesOf('version: 1\nname: a\u0000b\n')).toEqual([
      '2:8: a control character (U+0000) is not allowed in the file; is this a binary file? A workspace is YAML text',
    ]);
    expect(issuesOf('version: 1\nname: "\u001b[31m"\n')[0]).toMatch(/^2:8: a control character \(U\+001B\)/);
  });

  it('keeps the last good version when the file is replaced by garbage, a folder or a FIFO, and takes the next good one', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', GOOD);
    const engine = start(file);
    const rejected = watchRejections(engine);
    const nextRejection = async (what: string): Promise<string> => {
      const seen = rejected.length;
      await waitFor(() => rejected.length > seen, { what });
      return rejected.at(-1)?.issues[0]?.message ?? '';
    };

    fs.writeFileSync(file, binaryGarbage(2048));
    expect(await nextRejection('garbage to be rejected')).toMatch(/is not UTF-8 text/);

    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(await nextRejection('the folder to be rejected')).toBe('the workspace file is a folder, not a file');

    fs.rmdirSync(file);
    execFileSync('mkfifo', [file]);
    // A FIFO with no writer: opening it must not block the engine.
    expect(await nextRejection('the FIFO to be rejected')).toMatch(/^the workspace file is not a regular file \(a FIFO, socket or device\)/);
    await expect(engine.dispatch('workspace.get', {}, context)).resolves.toMatchObject({ counts: { services: 1 } });

    fs.rmSync(file);
    fs.writeFileSync(file, `${GOOD}  api: {}\n`);
    await waitFor(() => Object.keys(engine.workspace.current().config.services).length === 2, { what: 'the next good version to apply' });
  });

  it('says when the file may not be read (as another user)', () => {
    const dir = tempDir();
    openForReading(dir);
    const file = writeFile(dir, 'zervigo.yaml', GOOD);
    fs.chmodSync(file, runningAsRoot ? 0o600 : 0o000);
    const answer = asAnotherUser('read-text', file);
    expect(answer).toEqual({ ok: false, message: `Zervigo may not read ${file} (permission denied); let the user running Zervigo read it` });
  });
});
