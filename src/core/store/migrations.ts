import type BetterSqlite3 from 'better-sqlite3';

/**
 * Numbered schema changes, applied in order inside one transaction each; `user_version`
 * holds the number of the last one applied. Never edit a migration that has shipped: add one.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: BetterSqlite3.Database) => void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'foundation: settings, workspace history, series with 1m and 1h rollups',
    up: (db) => {
      db.exec(`
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE config_versions (
          id      INTEGER PRIMARY KEY,
          at      INTEGER NOT NULL,
          source  TEXT    NOT NULL,
          file    TEXT    NOT NULL,
          hash    TEXT    NOT NULL,
          content TEXT    NOT NULL
        );

        CREATE TABLE series (
          id     INTEGER PRIMARY KEY,
          name   TEXT NOT NULL,
          labels TEXT NOT NULL,
          key    TEXT NOT NULL UNIQUE
        );
        CREATE INDEX series_by_name ON series (name);

        CREATE TABLE samples (
          series_id INTEGER NOT NULL,
          ts        INTEGER NOT NULL,
          value     REAL    NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;

        CREATE TABLE samples_1m (
          series_id INTEGER NOT NULL,
          ts        INTEGER NOT NULL,
          min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;

        CREATE TABLE samples_1h (
          series_id INTEGER NOT NULL,
          ts        INTEGER NOT NULL,
          min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;

        -- How far each tier has been rolled up (exclusive end, ms).
        CREATE TABLE rollup_progress (tier TEXT PRIMARY KEY, done_until INTEGER NOT NULL) WITHOUT ROWID;
      `);
    },
  },
];

export function latestSchemaVersion(): number {
  return migrations.at(-1)?.version ?? 0;
}

export function migrate(db: BetterSqlite3.Database, list: Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
