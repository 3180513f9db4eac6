import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogPipeline, type StoredBatch } from '../../../src/core/logs/log-pipeline';
import { PatternMiner } from '../../../src/core/logs/mining/pattern-miner';
import { LogStore } from '../../../src/core/logs/store/log-store';
import { FileSource, type FileSourceSpec } from '../../../src/core/logs/sources/file-source';
import { JournalSource } from '../../../src/core/logs/sources/journal-source';
import { StreamSource } from '../../../src/core/logs/sources/stream-source';
import { TmuxPaneSource } from '../../../src/core/logs/sources/tmux-pane-source';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { systemClock } from '../../../src/core/clock';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function pipeline() {
  const db: Database = openDatabase(path.join(tempDir(), 'zervigo.db'));
  const store = new LogStore(db, { maxBytes: 1024 ** 3, maxAgeMs: 86_400_000 });
  const stored: string[] = [];
  const services: string[] = [];
  const logs = new LogPipeline(store, new PatternMiner(), systemClock, (batch: StoredBatch) => {
    for (const entry of batch.entries) {
      stored.push(entry.text);
      services.push(entry.service);
    }
  });
  cleanups.push(() => db.close());
  return { logs, stored, services, store };
}

function follow(spec: Partial<FileSourceSpec> & { pattern: string }) {
  const p = pipeline();
  const source = new FileSource(
    { service: 'api', from: 'end', format: 'auto', multiline: { kind: 'none' }, maxLineBytes: 1024, origin: 'file', ...spec },
    p.logs,
    () => {},
  );
  cleanups.push(() => source.stop());
  const read = (): string[] => {
    while (source.poll());
    p.logs.flush();
    p.logs.flush();
    return p.stored;
  };
  return { ...p, source, read };
}

describe('file sources (real files)', () => {
  it('starts at the end by default (or at the start), holding a partial line until its newline', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, 'old line\n');
    const fromEnd = follow({ pattern: file });
    const fromStart = follow({ pattern: file, from: 'start' });
    fs.appendFileSync(file, 'new line\npart');
    expect(fromEnd.read()).toEqual(['new line']);
    expect(fromStart.read()).toEqual(['old line', 'new line']);
    fs.appendFileSync(file, 'ial\n');
    expect(fromEnd.read()).toEqual(['new line', 'partial']);
  });

  it('follows a file across rotation by rename, and across truncation', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, '');
    const { read } = follow({ pattern: file });
    fs.appendFileSync(file, 'one\n');
    read();
    fs.appendFileSync(file, 'two (written just before rotation)\n');
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, 'three\n');
    expect(read()).toEqual(['one', 'two (written just before rotation)', 'three']);
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, 'four\n');
    expect(read()).toEqual(['one', 'two (written just before rotation)', 'three', 'four']);
  });

  it('reads a rotated file matched by the glob only once, and new files from their start', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, '');
    const { read, source } = follow({ pattern: path.join(dir, 'app.log*') });
    fs.appendFileSync(file, 'before\n');
    read();
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, 'after\n');
    fs.writeFileSync(path.join(dir, 'app.log.new'), 'brand new file\n');
    for (let i = 0; i < 10; i++) read();
    expect(read().sort()).toEqual(['after', 'before', 'brand new file']);
    expect(
      source
        .views()
        .map((view) => view.name)
        .sort(),
    ).toEqual([file, `${file}.1`, path.join(dir, 'app.log.new')]);
  });

  it('waits for a deleted file and reads it again when it comes back', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, '');
    const { read, source } = follow({ pattern: file });
    fs.appendFileSync(file, 'a\n');
    read();
    fs.rmSync(file);
    read();
    expect(source.views()[0]?.state).toBe('waiting');
    expect(source.views()[0]?.message).toContain('does not exist');
    fs.writeFileSync(file, 'b\n');
    expect(read()).toEqual(['a', 'b']);
    expect(source.views()[0]?.state).toBe('following');
  });

  it('reports what it cannot read instead of failing', () => {
    const dir = tempDir();
    const { read, source } = follow({ pattern: dir });
    read();
    expect(source.views()[0]).toMatchObject({ state: 'error', message: 'not a regular file' });
    // Root reads any file: the refusal is checked as another user (nobody), in a child process
    // that drops to that user itself, so it does not matter who may read the checkout.
    const secret = path.join(tempDir(), 'secret.log');
    fs.writeFileSync(secret, 'x\n', { mode: 0o600 });
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) fs.chmodSync(secret, 0o000);
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(__dirname, '../../fixtures/follow-once.ts'),
        secret,
        path.join(tempDir(), 'z.db'),
        ...(asRoot ? ['--as-uid', '65534'] : []),
      ],
      { encoding: 'utf8', cwd: path.join(__dirname, '../../..') },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout) as unknown).toEqual([
      expect.objectContaining({ state: 'error', message: 'permission denied: Zervigo may not read this file' }),
    ]);
  });

  it('survives binary garbage and a 10 MB line, storing a marked, cut line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, '');
    const { read } = follow({ pattern: file, maxLineBytes: 1024 });
    fs.appendFileSync(file, Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x41, 0x0a]), Buffer.alloc(10 * 1024 * 1024, 0x78), Buffer.from('\nok\n')]));
    const lines = read();
    expect(lines[0]).toBe('\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD');
    expect(lines[1]?.startsWith('x'.repeat(1024))).toBe(true);
    expect(lines[1]).toContain(`[truncated ${(10 * 1024 * 1024 - 1024).toLocaleString('en-US')} bytes]`);
    expect(lines[2]).toBe('ok');
  });
});

describe('service output, tmux panes and the journal', () => {
  it('reads a real child process stdout and stderr as the service manager hands them over', async () => {
    const p = pipeline();
    const child = spawn(process.execPath, ['-e', 'console.log("ready on 8080"); console.error(new Error("boom").stack); console.log("partial", "line")']);
    const out = new StreamSource('api', 'stdout', p.logs, 1024, () => {});
    const err = new StreamSource('api', 'stderr', p.logs, 1024, () => {});
    out.attach(child.stdout);
    err.attach(child.stderr);
    await new Promise((resolve) => child.once('close', resolve));
    p.logs.flush();
    p.logs.flush();
    expect(p.stored).toContain('ready on 8080');
    expect(p.stored).toContain('partial line');
    const stack = p.stored.find((text) => text.startsWith('Error: boom'));
    expect(stack?.split('\n').length).toBeGreaterThan(2);
    expect(out.views()[0]).toMatchObject({ key: 'service:api:stdout', state: 'waiting' });
  });

  it('reads a tmux pane through pipe-pane on a private tmux server', async () => {
    const socket = `test-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    expect(tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'dev', '-x', '120', '-y', '20', 'sh').status).toBe(0);
    cleanups.push(() => void tmux('kill-server'));
    const p = pipeline();
    const pane = new TmuxPaneSource({ target: 'dev', service: 'dev', socket, maxLineBytes: 4096 }, p.logs, path.join(tempDir(), 'pipes'), () => {});
    cleanups.push(() => pane.stop());
    await pane.ready;
    expect(pane.views()[0]?.state).toBe('following');
    tmux('send-keys', '-t', 'dev', 'echo "hello-from-$((40+2))"', 'Enter');
    await waitFor(
      () => {
        p.logs.flush();
        return p.stored.some((text) => text === 'hello-from-42');
      },
      { what: 'the pane output in the store', timeoutMs: 5_000 },
    );
  });

  it('says when there is no journal, and stores recorded journal lines', () => {
    const p = pipeline();
    const journal = new JournalSource({ units: [], service: null, maxLineBytes: 4096 }, p.logs, () => {}, '/nonexistent/journalctl');
    cleanups.push(() => journal.stop());
    journal.ingest(
      '{"__REALTIME_TIMESTAMP":"1795341600000000","PRIORITY":"3","_SYSTEMD_UNIT":"nginx.service","MESSAGE":"worker process exited","__CURSOR":"c1"}',
    );
    p.logs.flush();
    expect(p.stored).toEqual(['worker process exited']);
    expect(p.services).toEqual(['nginx']);
    expect(journal.positions().size).toBe(1);
  });
});
