import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ZervigoError } from '../../shared/errors';
import { createPrivateFile, PRIVATE_FILE_MODE, tightenMode } from '../private-files';

export type FleetDatabase = BetterSqlite3.Database;

export const FLEET_DATABASE_FILE = 'fleet.db';

/**
 * Its own SQLite file beside zervigo.db: the remote-write queue churns (every tick in, every
 * send out), and that churn stays out of the main database's WAL and checkpoints. The list of
 * agents lives here too. Versioned with user_version; each step is additive.
 */
const SCHEMA: string[] = [
  `CREATE TABLE remote_write_queue (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     endpoint TEXT NOT NULL,
     samples INTEGER NOT NULL,
     oldest_ts INTEGER NOT NULL,
     newest_ts INTEGER NOT NULL,
     payload BLOB NOT NULL
   );
   CREATE INDEX remote_write_queue_endpoint ON remote_write_queue (endpoint, id);
   CREATE TABLE agents (
     name TEXT PRIMARY KEY,
     url TEXT NOT NULL,
     token TEXT,
     ssh TEXT,
     added_at INTEGER NOT NULL
   );`,
];

export function openFleetDatabase(dataDir: string): FleetDatabase {
  const file = path.join(dataDir, FLEET_DATABASE_FILE);
  let db: FleetDatabase;
  try {
    createPrivateFile(file);
    db = new BetterSqlite3(file);
  } catch (error) {
    throw new ZervigoError('unavailable', `cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    for (const suffix of ['-wal', '-shm']) tightenMode(`${file}${suffix}`, PRIVATE_FILE_MODE);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA.length) throw new ZervigoError('unavailable', `${file} was written by a newer Zervigo (schema ${version}); it was left untouched`);
    for (let step = version; step < SCHEMA.length; step++) {
      db.transaction(() => {
        db.exec(SCHEMA[step] as string);
        db.pragma(`user_version = ${step + 1}`);
      })();
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof ZervigoError) throw error;
    throw new ZervigoError('unavailable', `${file} is unreadable (${(error as Error).message}); move it aside to start fresh`);
  }
}
