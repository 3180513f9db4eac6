import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ZervigoError } from '../shared/errors';
import type { ShellKind } from '../shared/types/app';
import { readTextFile } from './config/read-text-file';
import { createPrivateFile, PRIVATE_FILE_MODE } from './private-files';
import { isAlive } from './process/process-group';

export const LOCK_FILE_NAME = 'instance.lock';
export const INSTANCE_FILE_NAME = 'instance.json';

/** What a second instance is told about the one holding the folder. */
export interface InstanceInfo {
  pid: number;
  shell: ShellKind;
  /** The console's URL once the server listens (zervigo serve); null for the desktop app. */
  url: string | null;
  startedAt: number;
  version: string;
}

/** How long a refused instance waits for a just-started holder to describe itself. */
const DESCRIBE_WAIT_MS = 2_000;

/**
 * One engine per data folder: two would share one database, run every service twice and send
 * every notification twice. The lock is an exclusive SQLite transaction held open on
 * `instance.lock` — an OS file lock (fcntl on Unix, LockFileEx on Windows) through a library
 * Zervigo already ships. The kernel releases it the moment the holder dies, however it dies, so
 * a lock left by kill -9 is simply free: no pid to check, no pid reuse to fear (pid_max is
 * 32768 on some machines), no staleness timer that a long pause could outlive (the weakness of
 * mtime-based locks such as proper-lockfile). `instance.json` beside it only describes the
 * holder for the refusal message; it never decides anything.
 *
 * The lock file is never deleted: a process that opened it just before the delete would lock
 * a file nobody else can find any more.
 */
export class InstanceLock {
  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly infoFile: string,
    private info: InstanceInfo,
  ) {}

  /** Takes the folder, or throws one line naming the instance that has it. */
  static acquire(dataDir: string, info: Omit<InstanceInfo, 'url'>): InstanceLock {
    const lockFile = path.join(dataDir, LOCK_FILE_NAME);
    const infoFile = path.join(dataDir, INSTANCE_FILE_NAME);
    let db: BetterSqlite3.Database;
    try {
      createPrivateFile(lockFile);
      db = new BetterSqlite3(lockFile, { timeout: 0 });
    } catch (error) {
      throw new ZervigoError('unavailable', `cannot lock data folder ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      // No journal file: the transaction never writes, it only holds the lock.
      db.pragma('journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new ZervigoError('conflict', inUseMessage(dataDir, describeHolder(infoFile)));
      throw new ZervigoError(
        'unavailable',
        `cannot lock data folder ${dataDir}: ${lockFile} is not a lock file Zervigo wrote (${(error as Error).message}); if no Zervigo uses this folder, delete it`,
      );
    }
    const lock = new InstanceLock(db, infoFile, { ...info, url: null });
    lock.describe();
    return lock;
  }

  /** Adds the console's URL to what a refused instance is told. */
  setUrl(url: string): void {
    this.info = { ...this.info, url };
    this.describe();
  }

  /** On a clean stop: the description goes, then the lock. Safe to call twice. */
  /** Runs `open` (what needs the folder to itself); if it throws, the folder is given back before the error goes on. */
  holding<T>(open: () => T): T {
    try {
      return open();
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    if (!this.db.open) return;
    fs.rmSync(this.infoFile, { force: true });
    this.db.close();
  }

  private describe(): void {
    const temporary = `${this.infoFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temporary, `${JSON.stringify(this.info)}\n`, { mode: PRIVATE_FILE_MODE });
      fs.renameSync(temporary, this.infoFile);
    } catch {
      // Only the refusal message of another instance would lack detail.
      fs.rmSync(temporary, { force: true });
    }
  }
}

function inUseMessage(dataDir: string, holder: InstanceInfo | null): string {
  const who =
    holder === null
      ? 'another Zervigo'
      : `another Zervigo (pid ${holder.pid}, ${holder.url ?? (holder.shell === 'desktop' ? 'the desktop app' : `zervigo ${holder.shell === 'server' ? 'serve' : holder.shell}`)}, since ${new Date(holder.startedAt).toISOString()})`;
  return `data folder ${dataDir} is in use by ${who}; stop it first, or give this one another folder with --data-dir`;
}

/**
 * The holder's description. One that names a process no longer running is left over from a
 * holder killed before it could clean up, and the new holder is about to replace it: wait a
 * moment for that, rather than name a dead process.
 */
function describeHolder(infoFile: string): InstanceInfo | null {
  const deadline = Date.now() + DESCRIBE_WAIT_MS;
  for (;;) {
    const info = readInfo(infoFile);
    if (info !== null && isAlive(info.pid)) return info;
    if (Date.now() >= deadline) return null;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

function readInfo(file: string): InstanceInfo | null {
  const read = readTextFile(file, 64 * 1024);
  if (!read.ok) return null;
  try {
    const value = JSON.parse(read.text) as Partial<InstanceInfo>;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0 || typeof value.startedAt !== 'number') return null;
    return {
      pid: value.pid as number,
      shell: value.shell ?? 'server',
      url: typeof value.url === 'string' ? value.url : null,
      startedAt: value.startedAt,
      version: String(value.version ?? ''),
    };
  } catch {
    return null;
  }
}
