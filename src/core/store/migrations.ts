import type BetterSqlite3 from 'better-sqlite3';
import { authMigrations } from './auth-migrations';

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
    version: 2,
    name: 'monitoring: probe status changes',
    up: (db) => {
      db.exec(`
        -- One row per change of a probe's status (not per check): the service page's history.
        CREATE TABLE probe_transitions (
          id       INTEGER PRIMARY KEY,
          probe_id TEXT    NOT NULL,
          at       INTEGER NOT NULL,
          status   TEXT    NOT NULL,
          reason   TEXT
        );
        CREATE INDEX probe_transitions_by_probe ON probe_transitions (probe_id, at);
      `);
    },
  },
  {
    version: 3,
    name: 'alerting: alerts and their history, silences, notification groups, the notification outbox and its delivery log',
    up: (db) => {
      db.exec(`
        -- One row per alert of a rule (or raised from code), kept while pending/firing and for a while after it resolves.
        CREATE TABLE alerts (
          rule_id           TEXT    NOT NULL,
          fingerprint       TEXT    NOT NULL,
          labels            TEXT    NOT NULL,
          annotations       TEXT    NOT NULL,
          state             TEXT    NOT NULL,
          value             REAL,
          active_at         INTEGER NOT NULL,
          fired_at          INTEGER,
          resolved_at       INTEGER,
          last_seen_at      INTEGER,
          keep_firing_since INTEGER,
          flapping          INTEGER NOT NULL DEFAULT 0,
          changes           TEXT    NOT NULL DEFAULT '[]',
          acked_by          TEXT,
          acked_at          INTEGER,
          ack_comment       TEXT,
          updated_at        INTEGER NOT NULL,
          PRIMARY KEY (rule_id, fingerprint)
        ) WITHOUT ROWID;

        -- The timeline of every alert: state changes, acknowledgements, silences, notifications.
        CREATE TABLE alert_events (
          id          INTEGER PRIMARY KEY,
          fingerprint TEXT    NOT NULL,
          alertname   TEXT    NOT NULL,
          at          INTEGER NOT NULL,
          kind        TEXT    NOT NULL,
          from_state  TEXT,
          to_state    TEXT,
          value       REAL,
          detail      TEXT
        );
        CREATE INDEX alert_events_by_fingerprint ON alert_events (fingerprint, at);
        CREATE INDEX alert_events_by_time ON alert_events (at);

        CREATE TABLE silences (
          id         TEXT    PRIMARY KEY,
          matchers   TEXT    NOT NULL,
          starts_at  INTEGER NOT NULL,
          ends_at    INTEGER NOT NULL,
          created_by TEXT    NOT NULL,
          comment    TEXT    NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- What each notification group last sent, so a restart neither forgets nor repeats a notification.
        CREATE TABLE alert_groups (
          route_key        TEXT    NOT NULL,
          group_key        TEXT    NOT NULL,
          labels           TEXT    NOT NULL,
          next_flush_at    INTEGER,
          last_notified_at INTEGER,
          notified         TEXT    NOT NULL DEFAULT '[]',
          reminders        INTEGER NOT NULL DEFAULT 0,
          sequence         INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (route_key, group_key)
        ) WITHOUT ROWID;

        -- Every notification, written in the same transaction as the decision to send it; delivered
        -- (and retried with back-off) from here. The key is unique: receivers drop what they saw.
        CREATE TABLE outbox (
          id              INTEGER PRIMARY KEY,
          key             TEXT    NOT NULL UNIQUE,
          channel         TEXT    NOT NULL,
          kind            TEXT    NOT NULL,
          payload         TEXT    NOT NULL,
          summary         TEXT    NOT NULL,
          status          TEXT    NOT NULL,
          attempts        INTEGER NOT NULL DEFAULT 0,
          created_at      INTEGER NOT NULL,
          next_attempt_at INTEGER NOT NULL,
          delivered_at    INTEGER,
          last_error      TEXT
        );
        CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

        CREATE TABLE deliveries (
          id          INTEGER PRIMARY KEY,
          outbox_id   INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
          at          INTEGER NOT NULL,
          ok          INTEGER NOT NULL,
          detail      TEXT    NOT NULL,
          duration_ms INTEGER NOT NULL
        );
        CREATE INDEX deliveries_by_outbox ON deliveries (outbox_id);
      `);
    },
  },
  {
    version: 4,
    name: 'logs: partitions of lines (rows + FTS5 index each), blocks, services, sources, patterns, drops',
    up: (db) => {
      db.exec(`
        -- Lines live in partitions (log_rows_<id> + log_fts_<id>, created at run time) so retention
        -- drops whole tables instead of deleting rows out of an FTS index. Row ids are global.
        CREATE TABLE log_partitions (
          id             INTEGER PRIMARY KEY,
          first_row      INTEGER NOT NULL,
          last_row       INTEGER NOT NULL,
          rows           INTEGER NOT NULL,
          text_bytes     INTEGER NOT NULL,
          disk_bytes     INTEGER,
          min_ts         INTEGER,
          max_ts         INTEGER,
          first_received INTEGER NOT NULL,
          last_received  INTEGER NOT NULL,
          closed         INTEGER NOT NULL DEFAULT 0
        );
        -- Time span of each run of rows: turns a time range into row-id ranges without a ts index.
        CREATE TABLE log_blocks (
          partition_id INTEGER NOT NULL,
          first_row    INTEGER NOT NULL,
          last_row     INTEGER NOT NULL,
          min_ts       INTEGER NOT NULL,
          max_ts       INTEGER NOT NULL,
          PRIMARY KEY (partition_id, first_row)
        ) WITHOUT ROWID;
        CREATE TABLE log_services (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE log_sources (
          id       INTEGER PRIMARY KEY,
          key      TEXT NOT NULL UNIQUE,
          kind     TEXT NOT NULL,
          name     TEXT NOT NULL,
          service  TEXT NOT NULL,
          -- Where reading stopped (a file's inode and offset, the journal's cursor), as JSON.
          position TEXT
        );
        CREATE TABLE log_patterns (
          id         INTEGER PRIMARY KEY,
          service    TEXT    NOT NULL,
          template   TEXT    NOT NULL,
          level      INTEGER NOT NULL,
          count      INTEGER NOT NULL,
          first_seen INTEGER NOT NULL,
          last_seen  INTEGER NOT NULL
        );
        CREATE TABLE log_drops (
          id             INTEGER PRIMARY KEY,
          at             INTEGER NOT NULL,
          reason         TEXT    NOT NULL,
          lines          INTEGER NOT NULL,
          bytes          INTEGER NOT NULL,
          oldest_kept_at INTEGER
        );
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
  ...authMigrations,
  {
    version: 8,
    name: 'automation: job runs and steps, locks, schedules, backups, deploys, the pause switch',
    up: (db) => {
      db.exec(`
        CREATE TABLE job_runs (
          id            INTEGER PRIMARY KEY,
          job           TEXT    NOT NULL,
          trigger       TEXT    NOT NULL,
          actor         TEXT    NOT NULL,
          started_at    INTEGER NOT NULL,
          finished_at   INTEGER,
          outcome       TEXT    NOT NULL,
          message       TEXT,
          dry_run       INTEGER NOT NULL DEFAULT 0,
          scheduled_for INTEGER,
          audit_id      INTEGER
        );
        CREATE INDEX job_runs_by_job ON job_runs (job, id);
        -- One row per step of a run (phase 'steps' or 'rollback'), its output kept with it.
        CREATE TABLE job_steps (
          run_id      INTEGER NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
          phase       TEXT    NOT NULL,
          idx         INTEGER NOT NULL,
          name        TEXT    NOT NULL,
          kind        TEXT    NOT NULL,
          outcome     TEXT    NOT NULL,
          attempts    INTEGER NOT NULL DEFAULT 0,
          started_at  INTEGER,
          finished_at INTEGER,
          message     TEXT,
          output      TEXT    NOT NULL DEFAULT '',
          PRIMARY KEY (run_id, phase, idx)
        ) WITHOUT ROWID;
        -- Held while a job or a deploy runs, by one engine (pid, the process's start time, a token):
        -- a lock whose owner is gone is stale and taken over, so nothing runs twice across restarts.
        CREATE TABLE automation_locks (
          key         TEXT PRIMARY KEY,
          holder      INTEGER NOT NULL,
          owner_pid   INTEGER NOT NULL,
          owner_start TEXT    NOT NULL,
          owner_token TEXT    NOT NULL,
          taken_at    INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- The last scheduled time each job fired for: what catch-up counts missed runs from.
        CREATE TABLE job_schedule (job TEXT PRIMARY KEY, pattern TEXT NOT NULL, last_fire_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE backups (
          id         INTEGER PRIMARY KEY,
          job        TEXT    NOT NULL,
          file       TEXT    NOT NULL,
          sha256     TEXT    NOT NULL,
          bytes      INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          kind       TEXT    NOT NULL,
          base_dir   TEXT    NOT NULL
        );
        CREATE INDEX backups_by_job ON backups (job, id);
        CREATE TABLE deploys (
          id           INTEGER PRIMARY KEY,
          service      TEXT    NOT NULL,
          kind         TEXT    NOT NULL,
          ref          TEXT    NOT NULL,
          sha          TEXT,
          author       TEXT,
          subject      TEXT,
          started_by   TEXT    NOT NULL,
          started_at   INTEGER NOT NULL,
          finished_at  INTEGER,
          outcome      TEXT    NOT NULL,
          message      TEXT,
          stage        TEXT,
          stages       TEXT    NOT NULL,
          previous_sha TEXT,
          current_sha  TEXT,
          log          TEXT    NOT NULL DEFAULT '',
          audit_id     INTEGER
        );
        CREATE INDEX deploys_by_service ON deploys (service, id);
        CREATE TABLE automation_pause (
          id     INTEGER PRIMARY KEY CHECK (id = 1),
          paused INTEGER NOT NULL,
          by     TEXT,
          reason TEXT,
          since  INTEGER
        );
      `);
    },
  },
  {
    version: 9,
    name: "analysis: each analysed series' detector or forecaster state, to continue after a restart",
    up: (db) => {
      db.exec(`
        -- kind: 'anomaly' (detector bytes) or 'forecast' (trend forecaster state as JSON).
        CREATE TABLE analysis_state (
          series_id  INTEGER NOT NULL,
          kind       TEXT    NOT NULL,
          updated_at INTEGER NOT NULL,
          state      BLOB    NOT NULL,
          PRIMARY KEY (series_id, kind)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 10,
    name: 'status page: incident notes and their updates',
    up: (db) => {
      db.exec(`
        CREATE TABLE status_notes (
          id          INTEGER PRIMARY KEY,
          title       TEXT    NOT NULL,
          impact      TEXT    NOT NULL,
          state       TEXT    NOT NULL,
          created_at  INTEGER NOT NULL,
          updated_at  INTEGER NOT NULL,
          resolved_at INTEGER
        );
        CREATE TABLE status_note_updates (
          id      INTEGER PRIMARY KEY,
          note_id INTEGER NOT NULL REFERENCES status_notes (id) ON DELETE CASCADE,
          at      INTEGER NOT NULL,
          state   TEXT    NOT NULL,
          body    TEXT    NOT NULL,
          by      TEXT    NOT NULL
        );
        CREATE INDEX status_note_updates_by_note ON status_note_updates (note_id, id);
      `);
    },
  },
  {
    version: 11,
    name: 'analysis: advice a person dismissed, kept dismissed across restarts',
    up: (db) => {
      db.exec(`
        -- advice_id is stable per subject (kind:target), so the same advice worked out again stays hidden.
        CREATE TABLE advice_dismissals (
          advice_id    TEXT    PRIMARY KEY,
          dismissed_at INTEGER NOT NULL,
          dismissed_by TEXT    NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 12,
    name: 'assistant: incidents with their ranked causes, ranking history and confirmed causes',
    up: (db) => {
      db.exec(`
        -- alerts, anomalies, outages and causes are JSON (their shapes are the contract's IncidentView parts);
        -- signature is the sorted list of services with symptoms, to find similar incidents later.
        CREATE TABLE incidents (
          id               INTEGER PRIMARY KEY,
          title            TEXT    NOT NULL,
          start            INTEGER NOT NULL,
          last_event_at    INTEGER NOT NULL,
          resolved_at      INTEGER,
          signature        TEXT    NOT NULL,
          services         TEXT    NOT NULL,
          alerts           TEXT    NOT NULL,
          anomalies        TEXT    NOT NULL,
          outages          TEXT    NOT NULL,
          causes           TEXT    NOT NULL,
          note             TEXT,
          ranked_at        INTEGER NOT NULL,
          rankings         INTEGER NOT NULL DEFAULT 0,
          confirmed_kind   TEXT,
          confirmed_target TEXT,
          confirmed_by     TEXT,
          confirmed_at     INTEGER
        );
        CREATE INDEX incidents_open ON incidents (resolved_at) WHERE resolved_at IS NULL;
        -- Each ranking that changed the order, kept with the incident (how it evolved as evidence arrived).
        CREATE TABLE incident_rankings (
          incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
          at          INTEGER NOT NULL,
          causes      TEXT    NOT NULL
        );
        CREATE INDEX incident_rankings_by_incident ON incident_rankings (incident_id, at);
      `);
    },
  },
  {
    version: 13,
    name: 'on-call: pending escalations (their timers survive a restart) and every page, skip and acknowledgement',
    up: (db) => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS oncall_escalations (
          id           INTEGER PRIMARY KEY,
          policy       TEXT    NOT NULL,
          group_key    TEXT    NOT NULL,
          title        TEXT    NOT NULL,
          notification TEXT    NOT NULL,  -- the AlertNotification that started it (the newest), JSON
          fingerprints TEXT    NOT NULL,  -- its alerts, JSON array
          state        TEXT    NOT NULL,  -- pending | acknowledged | resolved | exhausted
          level        INTEGER NOT NULL,  -- the level paged last (0-based), -1 before the first
          round        INTEGER NOT NULL,  -- 0, then 1.. for each repeat
          started_at   INTEGER NOT NULL,
          next_at      INTEGER,           -- when the next level is due; null once it has ended
          acked_by     TEXT,
          acked_at     INTEGER,
          ended_at     INTEGER
        );
        -- At most one escalation under way per policy and notification group.
        CREATE UNIQUE INDEX IF NOT EXISTS oncall_escalations_pending ON oncall_escalations (policy, group_key) WHERE state = 'pending';
        CREATE INDEX IF NOT EXISTS oncall_escalations_due ON oncall_escalations (next_at) WHERE state = 'pending';

        CREATE TABLE IF NOT EXISTS oncall_pages (
          id            INTEGER PRIMARY KEY,
          escalation_id INTEGER NOT NULL REFERENCES oncall_escalations (id) ON DELETE CASCADE,
          at            INTEGER NOT NULL,
          level         INTEGER NOT NULL,
          round         INTEGER NOT NULL,
          person        TEXT,              -- null when a schedule had nobody on call
          channels      TEXT    NOT NULL,  -- JSON array of the channels paged
          outcome       TEXT    NOT NULL,  -- paged | skipped
          message       TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS oncall_pages_by_escalation ON oncall_pages (escalation_id, id);
      `);
    },
  },
  {
    version: 14,
    name: 'services: the replica count a replicated service was scaled to, restored after a restart',
    up: (db) => {
      db.exec(`
        -- One row per service scaled away from its workspace count (by a person or a scale rule).
        -- configured: the count its workspace gave when it was scaled; a file that gives another
        -- since (without scale:) wins over the row.
        CREATE TABLE IF NOT EXISTS replica_counts (
          service    TEXT    PRIMARY KEY,
          count      INTEGER NOT NULL,
          configured INTEGER NOT NULL,
          actor      TEXT    NOT NULL,
          reason     TEXT    NOT NULL,
          updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 15,
    name: 'auth: the provider and ID token of a single sign-on session, for signing out at the provider too',
    up: (db) => {
      db.exec(`
        -- Sent back to the provider as id_token_hint at sign-out (OIDC RP-initiated logout); it
        -- cannot be kept as a hash like the session id. Never logged, never sent to the console.
        ALTER TABLE auth_sessions ADD COLUMN sso_provider TEXT;
        ALTER TABLE auth_sessions ADD COLUMN id_token TEXT;
      `);
    },
  },
  {
    version: 16,
    name: 'analysis: the anomaly episodes of ongoing incidents, so a restart neither ends them nor resolves their insight alert',
    up: (db) => {
      db.exec(`
        -- Every episode of an incident still going on, rewritten with analysis_state in one
        -- transaction. series_id: the scored series of an open episode (NULL once it ended);
        -- episode: the insight as the console shows it (JSON).
        CREATE TABLE anomaly_episodes (
          id          TEXT    PRIMARY KEY,
          incident_id TEXT    NOT NULL,
          series_id   INTEGER,
          episode     TEXT    NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 17,
    name: "logs: a line's fields as a plugin's log parser read them (JSON), in every partition",
    up: (db) => {
      // Partitions made from now on have the column (write-plan.ts); those already there get it
      // here (ADD COLUMN rewrites nothing: old rows read it as NULL).
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'log_rows_[0-9]*'").all() as { name: string }[];
      for (const { name } of tables) db.exec(`ALTER TABLE ${name} ADD COLUMN fields TEXT`);
    },
  },
  {
    version: 18,
    name: "analysis: the series an ongoing incident counts beyond those it lists, so its 'N more series' survives a restart",
    up: (db) => {
      db.exec(`
        -- Rewritten with anomaly_episodes. series: the selectors counted (JSON array); peak: their peak score.
        CREATE TABLE anomaly_incident_more (
          incident_id TEXT    PRIMARY KEY,
          series      TEXT    NOT NULL,
          peak        REAL    NOT NULL
        ) WITHOUT ROWID;
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
