import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { runCli } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { asAnotherUser, runningAsRoot, snapshotFolder } from './helpers';

/**
 * Data-folder faults: a folder that is missing, read-only or not a folder, and a database that
 * is corrupt. Each is refused with one sentence saying what to do, and nothing in the folder is
 * changed; a fresh folder and everything in it is readable by its owner only.
 */

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

function start(dataDir: string, workspacePath: string | null = null): Engine {
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return engine;
}

const modeOf = (file: string): string => (fs.statSync(file).mode & 0o777).toString(8);

/** A data folder that an engine used and stopped cleanly: a real database with history in it. */
async function usedDataFolder(): Promise<string> {
  const dataDir = path.join(tempDir(), 'data');
  const engine = start(dataDir);
  await engine.stop();
  return dataDir;
}

describe('a missing data folder', () => {
  it('is created 0700, and the database, its WAL files, the token, the lock and service output are 0600', async () => {
    const dataDir = path.join(tempDir(), 'not', 'there', 'yet');
    const workspace = writeFile(
      tempDir(),
      'zervigo.yaml',
      'version: 1\nmachine: false\nservices:\n  talker: { start: [sh, -c, "echo a-secret-value; exec sleep 60"] }\n',
    );
    const engine = start(dataDir, workspace);
    loadOrCreateToken(dataDir);
    const output = path.join(dataDir, 'services', 'talker.log');
    await waitFor(() => fs.existsSync(output) && fs.readFileSync(output, 'utf8').includes('a-secret-value'), {
      timeoutMs: 10_000,
      what: 'the service output file',
    });
    engine.tick();
    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(path.join(dataDir, 'services'))).toBe('700');
    for (const name of ['zervigo.db', 'zervigo.db-wal', 'zervigo.db-shm', 'api-token', 'instance.lock', 'instance.json', 'services/talker.log']) {
      expect([name, modeOf(path.join(dataDir, name))]).toEqual([name, '600']);
    }
  });

  it('tightens a database and WAL files left readable by others (an older version, a copy)', async () => {
    const dataDir = await usedDataFolder();
    for (const name of ['zervigo.db', 'zervigo.db-wal']) {
      const file = path.join(dataDir, name);
      if (!fs.existsSync(file)) fs.writeFileSync(file, '');
      fs.chmodSync(file, 0o644);
    }
    fs.chmodSync(dataDir, 0o755);
    start(dataDir);
    expect(modeOf(path.join(dataDir, 'zervigo.db'))).toBe('600');
    expect(modeOf(path.join(dataDir, 'zervigo.db-wal'))).toBe('600');
    expect(modeOf(dataDir)).toBe('700');
  });

  it('leaves the mode of a folder with other content alone (--data-dir pointed at a project folder)', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'mine');
    fs.chmodSync(dataDir, 0o755);
    start(dataDir);
    expect(modeOf(dataDir)).toBe('755');
    expect(modeOf(path.join(dataDir, 'zervigo.db'))).toBe('600');
  });
});

describe('a data folder that cannot be used', () => {
  it('is refused when read-only, saying so, and nothing in it changes', async () => {
    const dataDir = await usedDataFolder();
    for (const name of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, name), 0o444);
    fs.chmodSync(dataDir, 0o555);
    fs.chmodSync(path.dirname(dataDir), 0o755);
    const before = snapshotFolder(dataDir);
    // Root writes anywhere: the refusal is checked as another user (nobody), in a child process.
    const answer = asAnotherUser('start-engine', dataDir);
    expect(answer).toEqual({
      ok: false,
      message: `cannot use data folder ${dataDir}: Zervigo may not write there (permission denied); choose a writable one with --data-dir DIR or ZERVIGO_DATA_DIR`,
    });
    expect(snapshotFolder(dataDir)).toEqual(before);
    if (!runningAsRoot) fs.chmodSync(dataDir, 0o755);
  });

  it('is refused when the path is a file, or runs through one, with exit 1 from the CLI', () => {
    const file = writeFile(tempDir(), 'data', 'a file, not a folder');
    const atFile = runCli(['serve', '--data-dir', file, '--port', '0']);
    expect(atFile.status).toBe(1);
    expect(atFile.stderr).toBe(
      `zervigo: cannot use data folder ${file}: a part of that path is a file, not a folder; choose a writable one with --data-dir DIR or ZERVIGO_DATA_DIR\n`,
    );
    const under = path.join(file, 'sub');
    expect(() => start(under)).toThrow(`cannot use data folder ${under}: a part of that path is a file, not a folder`);
    expect(fs.readFileSync(file, 'utf8')).toBe('a file, not a folder');
  });
});

describe('a corrupt database', () => {
  const corruptions: [string, (bytes: Buffer) => Buffer][] = [
    ['garbage from the first byte', (bytes) => crypto.randomBytes(bytes.length)],
    ['cut to a third (a copy that did not finish)', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 3))],
    ['a valid header over random pages', (bytes) => Buffer.concat([bytes.subarray(0, 100), crypto.randomBytes(bytes.length - 100)])],
    ['zeros after the first page', (bytes) => Buffer.concat([bytes.subarray(0, 4096), Buffer.alloc(bytes.length - 4096)])],
  ];

  it.each(corruptions)('is refused in one line when %s, left byte for byte, and the folder is free again', async (_kind, corrupt) => {
    const dataDir = await usedDataFolder();
    const file = path.join(dataDir, 'zervigo.db');
    fs.writeFileSync(file, corrupt(fs.readFileSync(file)));
    const before = snapshotFolder(dataDir);
    const result = runCli(['serve', '--data-dir', dataDir, '--port', '0']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^zervigo: (database ${file} is unreadable \\(.+\\); it was left untouched — move it aside to start fresh|${file} is not a SQLite database \\(corrupt, or another program's file\\); it was left untouched — move it aside or use another --data-dir)\\n$`,
      ),
    );
    // The token may be created by serve; the database and everything else are as they were.
    const after = snapshotFolder(dataDir);
    delete after['api-token'];
    delete before['api-token'];
    expect(after).toEqual(before);
    // Refused, but not holding the folder: once the file is moved aside, the folder works.
    fs.renameSync(file, `${file}.corrupt`);
    expect(start(dataDir).info.databaseFile).toBe(file);
  });
});
