import type { Statement } from 'better-sqlite3';
import { isPermission, isRole, type Permission, type Role } from '../../shared/auth/permissions';
import { DEFAULT_WORKSPACE, type SignInMethodName } from '../../shared/auth/principal';
import type { AccountKind } from '../../shared/types/auth';
import type { Database } from '../store/database';

/** A single sign-on session's provider key and the ID token it gave (for RP-initiated logout). */
export interface SsoSession {
  provider: string;
  idToken: string;
}

export interface UserRow {
  id: number;
  name: string;
  kind: AccountKind;
  password_hash: string | null;
  owner: number;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number | null;
  locked_until: number | null;
  /** An SSO person's identity at their provider (issuer#subject); null for local accounts. */
  external_id: string | null;
}

export interface TokenRow {
  id: string;
  user_id: number;
  name: string;
  prefix: string;
  workspace: string;
  scopes: string | null;
  created_at: number;
  created_by: string;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** A credential joined with its account and the account's role in the credential's workspace. */
export interface CredentialRow {
  user_id: number;
  user_name: string;
  user_kind: AccountKind;
  role: string | null;
  workspace: string;
  token_id: string | null;
  token_name: string | null;
  token_scopes: string | null;
  token_expires_at: number | null;
  token_revoked_at: number | null;
  token_last_used_at: number | null;
}

export interface SessionRow extends CredentialRow {
  method: SignInMethodName;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export function parseScopes(json: string | null): Permission[] | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter(isPermission) : [];
}

export function parseRole(value: string | null): Role | null {
  return isRole(value) ? value : null;
}

const CREDENTIAL_COLUMNS = `u.id AS user_id, u.name AS user_name, u.kind AS user_kind, m.role AS role,
  t.id AS token_id, t.name AS token_name, t.scopes AS token_scopes, t.expires_at AS token_expires_at,
  t.revoked_at AS token_revoked_at, t.last_used_at AS token_last_used_at`;

/**
 * The SQL of people, memberships, tokens, sessions and failed sign-ins: statements prepared
 * once, each credential looked up by the hash of its secret in one indexed query.
 */
export class AuthStore {
  readonly tokenByHash: Statement<[string], CredentialRow>;
  readonly sessionByHash: Statement<[string], SessionRow>;
  private readonly touchSessionStatement: Statement<[number, string]>;
  private readonly touchTokenStatement: Statement<[number, string]>;

  constructor(readonly db: Database) {
    this.tokenByHash = db.prepare(
      `SELECT ${CREDENTIAL_COLUMNS}, t.workspace AS workspace FROM api_tokens t JOIN users u ON u.id = t.user_id
       LEFT JOIN memberships m ON m.user_id = u.id AND m.workspace = t.workspace WHERE t.hash = ?`,
    );
    this.sessionByHash = db.prepare(
      `SELECT ${CREDENTIAL_COLUMNS}, s.workspace AS workspace, s.method, s.created_at, s.last_seen_at, s.expires_at
       FROM auth_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN api_tokens t ON t.id = s.token_id
       LEFT JOIN memberships m ON m.user_id = u.id AND m.workspace = s.workspace WHERE s.hash = ?`,
    );
    this.touchSessionStatement = db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE hash = ?');
    this.touchTokenStatement = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
  }

  userByName(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  userByExternalId(externalId: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE external_id = ?').get(externalId) as UserRow | undefined;
  }

  setExternalId(userId: number, externalId: string): void {
    this.db.prepare('UPDATE users SET external_id = ? WHERE id = ?').run(externalId, userId);
  }

  userById(id: number): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  users(): UserRow[] {
    return this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[];
  }

  memberships(userId: number): { workspace: string; role: Role }[] {
    const rows = this.db.prepare('SELECT workspace, role FROM memberships WHERE user_id = ? ORDER BY workspace').all(userId) as {
      workspace: string;
      role: string;
    }[];
    return rows.flatMap((row) => (isRole(row.role) ? [{ workspace: row.workspace, role: row.role }] : []));
  }

  /** Where a sign-in lands when it names no workspace: the default one if they are in it, else their first. */
  homeWorkspace(userId: number): string {
    const memberships = this.memberships(userId);
    return (memberships.find((membership) => membership.workspace === DEFAULT_WORKSPACE) ?? memberships[0])?.workspace ?? DEFAULT_WORKSPACE;
  }

  roleIn(userId: number, workspace: string): Role | null {
    const row = this.db.prepare('SELECT role FROM memberships WHERE user_id = ? AND workspace = ?').get(userId, workspace) as { role: string } | undefined;
    return parseRole(row?.role ?? null);
  }

  admins(workspace: string): number[] {
    return (this.db.prepare("SELECT user_id FROM memberships WHERE workspace = ? AND role = 'admin'").all(workspace) as { user_id: number }[]).map(
      (row) => row.user_id,
    );
  }

  addUser(name: string, kind: AccountKind, passwordHash: string | null, now: number): number {
    return (
      this.db
        .prepare('INSERT INTO users (name, kind, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
        .get(name, kind, passwordHash, now, now) as { id: number }
    ).id;
  }

  setRole(userId: number, workspace: string, role: Role): void {
    this.db
      .prepare('INSERT INTO memberships (user_id, workspace, role) VALUES (?, ?, ?) ON CONFLICT (user_id, workspace) DO UPDATE SET role = excluded.role')
      .run(userId, workspace, role);
  }

  removeUser(userId: number): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
  }

  setPasswordHash(userId: number, passwordHash: string, now: number): void {
    this.db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, now, userId);
  }

  recordSignIn(userId: number, now: number): void {
    this.db.prepare('UPDATE users SET last_sign_in_at = ?, locked_until = NULL WHERE id = ?').run(now, userId);
    this.db.prepare('DELETE FROM sign_in_failures WHERE user_id = ?').run(userId);
  }

  recordFailure(userId: number, now: number): void {
    this.db.prepare('INSERT INTO sign_in_failures (user_id, at) VALUES (?, ?)').run(userId, now);
  }

  failuresSince(userId: number, since: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sign_in_failures WHERE user_id = ? AND at > ?').get(userId, since) as { n: number }).n;
  }

  lock(userId: number, until: number): void {
    this.db.prepare('UPDATE users SET locked_until = ? WHERE id = ?').run(until, userId);
  }

  unlock(userId: number): void {
    this.db.prepare('UPDATE users SET locked_until = NULL WHERE id = ?').run(userId);
    this.db.prepare('DELETE FROM sign_in_failures WHERE user_id = ?').run(userId);
  }

  addToken(row: Omit<TokenRow, 'last_used_at' | 'revoked_at'> & { hash: string }): void {
    this.db
      .prepare(
        'INSERT INTO api_tokens (id, user_id, name, hash, prefix, workspace, scopes, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.user_id, row.name, row.hash, row.prefix, row.workspace, row.scopes, row.created_at, row.created_by, row.expires_at);
  }

  hasTokenHash(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM api_tokens WHERE hash = ?').get(hash) !== undefined;
  }

  token(id: string): (TokenRow & { user_name: string; user_kind: AccountKind }) | undefined {
    return this.db.prepare('SELECT t.*, u.name AS user_name, u.kind AS user_kind FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?').get(id) as
      (TokenRow & { user_name: string; user_kind: AccountKind }) | undefined;
  }

  tokens(userId: number | null): (TokenRow & { user_name: string; user_kind: AccountKind })[] {
    const where = userId === null ? '' : 'WHERE t.user_id = ?';
    return this.db
      .prepare(`SELECT t.*, u.name AS user_name, u.kind AS user_kind FROM api_tokens t JOIN users u ON u.id = t.user_id ${where} ORDER BY t.created_at, t.id`)
      .all(...(userId === null ? [] : [userId])) as (TokenRow & {
      user_name: string;
      user_kind: AccountKind;
    })[];
  }

  revokeToken(id: string, now: number): void {
    this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
    this.db.prepare('DELETE FROM auth_sessions WHERE token_id = ?').run(id);
  }

  activeTokenCount(userId: number, now: number): number {
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)')
        .get(userId, now) as { n: number }
    ).n;
  }

  touchToken(id: string, now: number): void {
    this.touchTokenStatement.run(now, id);
  }

  addSession(row: {
    hash: string;
    userId: number;
    tokenId: string | null;
    method: SignInMethodName;
    workspace: string;
    now: number;
    expiresAt: number;
    client: string | null;
    sso?: SsoSession | undefined;
  }): void {
    this.db
      .prepare(
        'INSERT INTO auth_sessions (hash, user_id, token_id, method, workspace, created_at, last_seen_at, expires_at, client, sso_provider, id_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        row.hash,
        row.userId,
        row.tokenId,
        row.method,
        row.workspace,
        row.now,
        row.now,
        row.expiresAt,
        row.client,
        row.sso?.provider ?? null,
        row.sso?.idToken ?? null,
      );
  }

  /** The provider and ID token of a single sign-on session, or undefined. */
  ssoOfSession(hash: string): SsoSession | undefined {
    const row = this.db.prepare('SELECT sso_provider, id_token FROM auth_sessions WHERE hash = ?').get(hash) as
      { sso_provider: string | null; id_token: string | null } | undefined;
    return row === undefined || row.sso_provider === null || row.id_token === null ? undefined : { provider: row.sso_provider, idToken: row.id_token };
  }

  touchSession(hash: string, now: number): void {
    this.touchSessionStatement.run(now, hash);
  }

  deleteSession(hash: string): boolean {
    return this.db.prepare('DELETE FROM auth_sessions WHERE hash = ?').run(hash).changes > 0;
  }

  deleteSessionsOf(userId: number, except: string | null = null): number {
    return this.db.prepare('DELETE FROM auth_sessions WHERE user_id = ? AND hash IS NOT ?').run(userId, except).changes;
  }

  activeSessionCount(userId: number, now: number, idleMs: number): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM auth_sessions WHERE user_id = ? AND expires_at > ? AND last_seen_at > ?').get(userId, now, now - idleMs) as {
        n: number;
      }
    ).n;
  }

  /** Sessions past either limit and failures older than the lockout window: kept no longer than needed. */
  prune(now: number, idleMs: number, failureWindowMs: number): void {
    this.db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, now - idleMs);
    this.db.prepare('DELETE FROM sign_in_failures WHERE at <= ?').run(now - failureWindowMs);
  }
}
