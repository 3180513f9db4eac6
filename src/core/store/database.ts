import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { ZervigoError } from '../../shared/errors';
import { createPrivateFile, PRIVATE_FILE_MODE, tightenMode } from '../private-files';
import { migrate, latestSchemaVersion } from './migrations';

export type Database = BetterSqlite3.Database;

/** 'ZERV' — marks our files so a foreign SQLite database is recognised and left alone. */
export const APPLICATION_ID = 0x5a455256;
const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Opens (or creates) the Zervigo database. A file that is not SQLite, belongs to another
 * program, or was written by a newer Zervigo is refused with a message naming it; it is never
 * modified, so whatever it holds can still be recovered.
 */
export function openDatabase(file: string): Database {
  createPrivate(file);
  const existing = inspectExistingFile(file);
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (error) {
    throw new ZervigoError('unavailable', `cannot open database ${file}: ${(error as Error).message}`);
  }
  try {
    if (existing) refuseForeign(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!existing) db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof ZervigoError) throw error;
    throw new ZervigoError('unavailable', `database ${file} is unreadable (${(error as Error).message}); it was left untouched — move it aside to start fresh`);
  }
}

/**
 * The database holds workspace history, alerts and every stored log line: 0600 from the start.
 * SQLite gives its -wal and -shm files the database file's mode; older ones are tightened.
 */
function createPrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  try {
    createPrivateFile(file);
  } catch (error) {
    throw new ZervigoError('unavailable', `cannot create database ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const suffix of ['-wal', '-shm', '-journal']) tightenMode(`${file}${suffix}`, PRIVATE_FILE_MODE);
}

/** True when the file exists with content; throws when that content is not SQLite. */
function inspectExistingFile(file: string): boolean {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new ZervigoError('unavailable', `cannot read database ${file}: ${(error as Error).message}`);
  }
  try {
    const header = Buffer.alloc(16);
    const read = fs.readSync(handle, header, 0, 16, 0);
    if (read === 0) return false;
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new ZervigoError(
        'unavailable',
        `${file} is not a SQLite database (corrupt, or another program's file); it was left untouched — move it aside or use another --data-dir`,
      );
    }
    return true;
  } finally {
    fs.closeSync(handle);
  }
}

function refuseForeign(db: Database, file: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  if (applicationId !== APPLICATION_ID && (applicationId !== 0 || tables.n > 0)) {
    throw new ZervigoError('unavailable', `${file} is a SQLite database of another program; it was left untouched — use another --data-dir`);
  }
  if (userVersion > latestSchemaVersion()) {
    throw new ZervigoError(
      'unavailable',
      `${file} has schema version ${userVersion}, written by a newer Zervigo (this one knows up to ${latestSchemaVersion()}); upgrade Zervigo or use another --data-dir`,
    );
  }
}
