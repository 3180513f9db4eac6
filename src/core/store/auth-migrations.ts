import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_WORKSPACE, OWNER_NAME } from '../../shared/auth/principal';
import type { Migration } from '../store/migrations';
import { readOwnerToken } from './owner-token';
import { newTokenId, secretHash, tokenPrefix } from './secret-values';

/** The account that holds the API token of the days before people (and the sign-in link). */

/** Creates the owner (an admin of the default workspace) unless it exists; returns its id. */
export function ensureOwner(db: BetterSqlite3.Database, now: number): number {
  const existing = db.prepare('SELECT id FROM users WHERE owner = 1 ORDER BY id LIMIT 1').get() as { id: number } | undefined;
  if (existing !== undefined) return existing.id;
  const row = db
    .prepare("INSERT INTO users (name, kind, owner, created_at, updated_at) VALUES (?, 'person', 1, ?, ?) RETURNING id")
    .get(OWNER_NAME, now, now) as { id: number };
  db.prepare("INSERT INTO memberships (user_id, workspace, role) VALUES (?, ?, 'admin')").run(row.id, DEFAULT_WORKSPACE);
  return row.id;
}

/** Adds a token (by its hash) to the owner as an admin token with every scope. */
export function addOwnerToken(db: BetterSqlite3.Database, token: string, now: number): void {
  const ownerId = ensureOwner(db, now);
  db.prepare(
    "INSERT INTO api_tokens (id, user_id, name, hash, prefix, workspace, scopes, created_at, created_by) VALUES (?, ?, 'api-token', ?, ?, ?, NULL, ?, 'upgrade')",
  ).run(newTokenId(), ownerId, secretHash(token), tokenPrefix(token), DEFAULT_WORKSPACE, now);
}

export const authMigrations: Migration[] = [
  {
    version: 6,
    name: 'auth: people and service accounts, workspace memberships, API tokens and sessions (hashed), failed sign-ins',
    up: (db) => {
      db.exec(`
        CREATE TABLE users (
          id              INTEGER PRIMARY KEY,
          name            TEXT    NOT NULL UNIQUE COLLATE NOCASE,
          kind            TEXT    NOT NULL,             -- person | service_account
          password_hash   TEXT,                         -- Argon2id PHC string; null: no password sign-in
          owner           INTEGER NOT NULL DEFAULT 0,
          created_at      INTEGER NOT NULL,
          updated_at      INTEGER NOT NULL,
          last_sign_in_at INTEGER,
          locked_until    INTEGER,
          -- An identity at a sign-in provider (an OIDC issuer + subject), for single sign-on.
          external_id     TEXT UNIQUE
        );

        -- A person belongs to workspaces, with one role in each.
        CREATE TABLE memberships (
          user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          workspace TEXT    NOT NULL,
          role      TEXT    NOT NULL,
          PRIMARY KEY (user_id, workspace)
        ) WITHOUT ROWID;

        -- Tokens are kept as the SHA-256 of their secret, never the secret.
        CREATE TABLE api_tokens (
          id           TEXT    PRIMARY KEY,
          user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          name         TEXT    NOT NULL,
          hash         TEXT    NOT NULL UNIQUE,
          prefix       TEXT    NOT NULL,
          workspace    TEXT    NOT NULL,
          scopes       TEXT,                            -- JSON list of permissions; null: all of its person's
          created_at   INTEGER NOT NULL,
          created_by   TEXT    NOT NULL,
          expires_at   INTEGER,
          last_used_at INTEGER,
          revoked_at   INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

        -- Browser sessions, by the SHA-256 of their 256-bit id; one opened with a token keeps its scopes.
        CREATE TABLE auth_sessions (
          hash         TEXT    PRIMARY KEY,
          user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          token_id     TEXT    REFERENCES api_tokens (id) ON DELETE CASCADE,
          method       TEXT    NOT NULL,
          workspace    TEXT    NOT NULL,
          created_at   INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          expires_at   INTEGER NOT NULL,
          client       TEXT
        ) WITHOUT ROWID;
        CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);

        CREATE TABLE sign_in_failures (
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          at      INTEGER NOT NULL
        );
        CREATE INDEX sign_in_failures_by_user ON sign_in_failures (user_id, at);
      `);
    },
  },
  {
    version: 7,
    name: "auth: the API token of an existing data folder becomes the owner's admin token",
    up: (db) => {
      // The token file sits beside the database; a database elsewhere (or in memory) has none.
      const file = db.name;
      if (file === '' || file === ':memory:') return;
      const token = readOwnerToken(path.dirname(file));
      if (token !== null) addOwnerToken(db, token, Date.now());
    },
  },
];
