import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { toArgv, type BackupConfig } from '../../config/schema';
import type { ProcessRunner } from '../ports';
import type { BackupRecord, BackupStore } from './backup-store';

export interface BackupContext {
  job: string;
  cwd: string;
  now: number;
  signal: AbortSignal;
  timeoutMs: number;
  runProcess: ProcessRunner;
  output: (text: string) => void;
}

export type BackupResult = { ok: true; backup: BackupRecord; removed: string[]; message: string } | { ok: false; message: string };

/** The SHA-256 of a file, read back from the disk (which is also the check that it can be read). */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

const stamp = (at: number): string =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** Archive entries relative to one folder: the workspace's when every path is inside it, else "/". */
export function archiveBase(paths: readonly string[], cwd: string): { base: string; entries: string[] } {
  const absolute = paths.map((entry) => path.resolve(cwd, entry));
  const inside = absolute.every((entry) => entry === cwd || entry.startsWith(`${cwd}${path.sep}`));
  const base = inside ? cwd : path.parse(cwd).root;
  return { base, entries: absolute.map((entry) => path.relative(base, entry) || '.') };
}

function errorWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full (no space left on device)';
  if (code === 'ENOENT') return `not found: ${(error as NodeJS.ErrnoException).path ?? (error as Error).message}`;
  return (error as Error).message;
}

/**
 * Writes a backup (a tar.gz of paths, or a dump command's output), verifies it — read back and
 * hashed, an archive listed to its end, and the `verify` command if one is given — and only then
 * names it, records its SHA-256 (also as `<file>.sha256`, for `sha256sum -c`) and drops the oldest
 * beyond `keep`. A backup that fails any of this is removed; the kept ones are never touched.
 */
export async function writeBackup(config: BackupConfig, context: BackupContext, store: BackupStore): Promise<BackupResult> {
  const dir = path.resolve(context.cwd, config.to);
  const archive = config.paths !== undefined;
  const name = `${context.job}-${stamp(context.now)}${archive ? '.tar.gz' : config.gzip ? '.dump.gz' : '.dump'}`;
  const file = path.join(dir, name);
  const partial = `${file}.partial`;
  let base = context.cwd;
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (archive) {
      const layout = archiveBase(config.paths ?? [], context.cwd);
      base = layout.base;
      for (const entry of layout.entries)
        if (!fs.existsSync(path.join(base, entry))) return { ok: false, message: `nothing to back up at ${path.join(base, entry)}` };
      await tar.c({ gzip: true, file: partial, cwd: base, portable: true }, layout.entries);
    } else {
      const argv = toArgv(config.command ?? [], false);
      if (!argv.ok) return { ok: false, message: argv.message };
      const sink = fs.createWriteStream(partial, { flags: 'wx' });
      const gzip = config.gzip ? zlib.createGzip() : null;
      const written = gzip === null ? new Promise<void>((resolve, reject) => sink.once('finish', resolve).once('error', reject)) : pipeline(gzip, sink);
      const result = await context.runProcess(argv.argv, {
        cwd: context.cwd,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
        stdout: gzip ?? sink,
        onOutput: context.output,
      });
      (gzip ?? sink).end();
      await written;
      if (!result.ok) throw new Error(`the dump command failed: ${result.message}`);
    }
    const problem = await verify(partial, config, context, archive);
    if (problem !== null) throw new Error(`verification failed: ${problem}`);
    const sha256 = await sha256File(partial);
    fs.renameSync(partial, file);
    fs.writeFileSync(`${file}.sha256`, `${sha256}  ${name}\n`);
    const backup = store.add({
      job: context.job,
      file,
      sha256,
      bytes: fs.statSync(file).size,
      createdAt: context.now,
      kind: archive ? 'archive' : 'dump',
      baseDir: base,
    });
    const removed = rotate(store, context.job, config.keep);
    return {
      ok: true,
      backup,
      removed,
      message: `wrote ${name} (${backup.bytes} bytes, sha256 ${sha256.slice(0, 12)}…), verified${removed.length > 0 ? `; removed ${removed.length} older` : ''}`,
    };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    return { ok: false, message: `backup not kept: ${errorWords(error)}` };
  }
}

async function verify(file: string, config: BackupConfig, context: BackupContext, archive: boolean): Promise<string | null> {
  if (fs.statSync(file).size === 0) return 'the backup is empty';
  try {
    if (archive) await tar.t({ file, strict: true });
    else if (config.gzip) await pipeline(fs.createReadStream(file), zlib.createGunzip(), new Writable({ write: (_chunk, _encoding, done) => done() }));
  } catch (error) {
    return `it does not read back whole (${(error as Error).message})`;
  }
  if (config.verify !== undefined) {
    const argv = toArgv(config.verify, false);
    if (!argv.ok) return argv.message;
    const result = await context.runProcess(argv.argv, {
      cwd: context.cwd,
      timeoutMs: context.timeoutMs,
      signal: context.signal,
      stdin: fs.createReadStream(file),
      onOutput: context.output,
    });
    if (!result.ok) return `the verify command says no (${result.message})`;
  }
  return null;
}

/** Keeps the newest `keep` backups of a job; returns the files removed. */
function rotate(store: BackupStore, job: string, keep: number): string[] {
  const removed: string[] = [];
  for (const old of store.list(job).slice(keep)) {
    fs.rmSync(old.file, { force: true });
    fs.rmSync(`${old.file}.sha256`, { force: true });
    store.remove(old.id);
    removed.push(old.file);
  }
  return removed;
}
