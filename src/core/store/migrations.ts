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
    name: 'foundation: settings, workspace history, series (head, chunks, minute blocks, 1h rollups)',
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

        -- The newest raw samples, appended per tick in arrival order (cheap, durable writes);
        -- compaction moves them into sample_chunks and the 1m rollups.
        CREATE TABLE head_samples (
          series_id INTEGER NOT NULL,
          ts        INTEGER NOT NULL,
          value     REAL    NOT NULL
        );

        -- Older raw samples: one compressed block per series per span (see chunk-codec.ts).
        -- Keyed by hour first, so a compaction's writes land together instead of on a page per series.
        CREATE TABLE sample_chunks (
          hour_ts   INTEGER NOT NULL,
          series_id INTEGER NOT NULL,
          start_ts  INTEGER NOT NULL,
          end_ts    INTEGER NOT NULL,
          count     INTEGER NOT NULL,
          data      BLOB    NOT NULL,
          PRIMARY KEY (hour_ts, series_id, start_ts)
        ) WITHOUT ROWID;

        -- 1-minute buckets of one series over one hour (min, max, sum, count columns; see chunk-codec.ts).
        CREATE TABLE minute_blocks (
          hour_ts   INTEGER NOT NULL,
          series_id INTEGER NOT NULL,
          data      BLOB    NOT NULL,
          PRIMARY KEY (hour_ts, series_id)
        ) WITHOUT ROWID;

        CREATE TABLE samples_1h (
          series_id INTEGER NOT NULL,
          ts        INTEGER NOT NULL,
          min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;

        -- Background work's watermarks, e.g. up to which hour small chunks are merged (exclusive end, ms).
        CREATE TABLE store_progress (job TEXT PRIMARY KEY, done_until INTEGER NOT NULL) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 5,
    name: 'operate: audit log of every action, automatic or manual',
    up: (db) => {
      db.exec(`
        -- Written when an action begins (outcome 'running') and completed when it ends, so an
        -- action cut short by a crash still shows, as 'interrupted' after the next start.
        CREATE TABLE audit_log (
          id          INTEGER PRIMARY KEY,
          at          INTEGER NOT NULL,
          actor       TEXT    NOT NULL,
          action      TEXT    NOT NULL,
          target      TEXT    NOT NULL,
          outcome     TEXT    NOT NULL,
          message     TEXT,
          duration_ms INTEGER,
          operation   TEXT,
          details     TEXT
        );
        CREATE INDEX audit_by_target ON audit_log (target, id);
        CREATE INDEX audit_by_operation ON audit_log (operation) WHERE operation IS NOT NULL;
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
