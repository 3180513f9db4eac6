import { EVERY_WORKSPACE, type Principal, type SignInMethodName } from '../../shared/auth/principal';
import type { AuditLog } from '../store/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../store/database';
import { AccountLockout, DEFAULT_LOCKOUT, type LockoutPolicy } from './account-lockout';
import { addOwnerToken, ensureOwner } from '../store/auth-migrations';
import { AuthStore, parseRole, parseScopes, type CredentialRow, type SsoSession } from './auth-store';
import { PasswordSignIn } from './password-sign-in';
import { effectivePermissions } from './permission-sets';
import { randomSecret, secretHash } from '../store/secret-values';
import { OidcSignIn } from './oidc/oidc-sign-in';
import type { OidcProviders } from './oidc/oidc-provider-settings';
import type { SignInClient, SignInMethod } from './sign-in-method';
import { TokenSignIn } from './token-sign-in';

export interface SessionPolicy {
  /** A session unused this long ends (OWASP: idle timeout). */
  idleMs: number;
  /** A session ends this long after sign-in however much it is used (absolute timeout). */
  maxMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 3_600_000, maxMs: 7 * 86_400_000 };

export interface AuthOptions {
  sessions?: Partial<SessionPolicy>;
  lockout?: Partial<LockoutPolicy>;
  /** The OpenID Connect providers people may sign in with (the workspace file's sso.providers). */
  oidcProviders?: OidcProviders;
}

/**
 * Who a credential is, or why it opens nothing. `forbidden`: the credential is good but not for
 * the workspace asked for (a token of another workspace, a person who is not a member): HTTP 403.
 */
export type Resolution = { ok: true; principal: Principal } | { ok: false; message: string; forbidden?: true };

export type SignInOutcome =
  { ok: true; sessionId: string; principal: Principal; expiresAt: number } | { ok: false; code: 'unauthorized' | 'locked'; message: string };

/** last_used_at / last_seen_at are written at most this often per credential: no write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * People, tokens and sessions of the engine: turns a credential (a bearer token, a session id)
 * into the Principal the dispatcher authorises, opens and ends sessions, and audits sign-ins.
 * Transports call it; it knows nothing of HTTP or cookies.
 */
export class AuthModule {
  readonly store: AuthStore;
  readonly lockout: AccountLockout;
  readonly sessionPolicy: SessionPolicy;
  readonly methods: { password: PasswordSignIn; token: TokenSignIn; oidc: OidcSignIn };
  private readonly listeners = new Set<() => void>();

  constructor(
    db: Database,
    private readonly clock: Clock,
    readonly audit: AuditLog,
    options: AuthOptions = {},
  ) {
    this.store = new AuthStore(db);
    this.sessionPolicy = { ...DEFAULT_SESSION_POLICY, ...options.sessions };
    this.lockout = new AccountLockout(this.store, { ...DEFAULT_LOCKOUT, ...options.lockout });
    const now = (): number => this.now();
    this.methods = {
      password: new PasswordSignIn(this.store, this.lockout, now),
      token: new TokenSignIn(this.store, now),
      oidc: new OidcSignIn(this.store, options.oidcProviders ?? (() => ({})), audit, now),
    };
  }

  now(): number {
    return this.clock.now();
  }

  /** Called when any credential may have stopped working or changed its permissions (open event streams re-check). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * The token given to the server (the data folder's api-token) is the owner's admin token. An
   * existing folder's was taken over by migration 7; a new one's is added here, once. A token
   * that was revoked stays revoked, and once the owner is removed the file opens nothing.
   */
  registerOwnerToken(token: string): void {
    const hash = secretHash(token);
    if (this.store.hasTokenHash(hash)) return;
    const db = this.store.db;
    const hasOwner = db.prepare('SELECT 1 FROM users WHERE owner = 1').get() !== undefined;
    const hasUsers = db.prepare('SELECT 1 FROM users').get() !== undefined;
    if (!hasOwner && hasUsers) return;
    db.transaction(() => addOwnerToken(db, token, this.now()))();
  }

  /**
   * A server hosting several workspaces: the owner is an admin of each, and the owner's token (the
   * data folder's) opens each (it is the CLI's). Nobody else gains anything: memberships are per person.
   */
  hostWorkspaces(workspaces: readonly string[], ownerToken?: string): void {
    const db = this.store.db;
    db.transaction(() => {
      const owner = db.prepare('SELECT id FROM users WHERE owner = 1 ORDER BY id LIMIT 1').get() as { id: number } | undefined;
      if (owner === undefined) return;
      for (const workspace of workspaces) if (this.store.roleIn(owner.id, workspace) === null) this.store.setRole(owner.id, workspace, 'admin');
      if (ownerToken !== undefined)
        db.prepare('UPDATE api_tokens SET workspace = ? WHERE hash = ? AND user_id = ?').run(EVERY_WORKSPACE, secretHash(ownerToken), owner.id);
    })();
  }

  /**
   * Who a bearer token is in `workspace` (by default the token's own), or why it opens nothing
   * there (audited when the token is known).
   */
  resolveBearer(token: string, workspace?: string): Resolution {
    const row = this.store.tokenByHash.get(secretHash(token));
    if (row === undefined) return { ok: false, message: "the token is wrong: `zervigo token` prints the owner's, `zervigo tokens create` makes others" };
    const everyWorkspace = row.workspace === EVERY_WORKSPACE;
    const target = workspace ?? (everyWorkspace ? this.store.homeWorkspace(row.user_id) : row.workspace);
    const refusal = this.methods.token.refusal(row, target);
    if (refusal !== null) {
      this.audit.record({ actor: tokenActor(row), action: 'token.use', target: `token ${row.token_name ?? ''}`, outcome: 'refused', message: refusal });
      return { ok: false, message: refusal, ...(row.workspace === target || everyWorkspace ? {} : { forbidden: true as const }) };
    }
    let credential: CredentialRow = row;
    if (everyWorkspace) {
      const role = this.store.roleIn(row.user_id, target);
      if (role === null) return { ok: false, message: `${row.user_name} is not a member of workspace ${target}`, forbidden: true };
      credential = { ...row, workspace: target, role };
    }
    const now = this.now();
    if (row.token_last_used_at === null || now - row.token_last_used_at >= TOUCH_EVERY_MS) this.store.touchToken(row.token_id as string, now);
    return this.principal(credential, null, null);
  }

  /**
   * Who a session is in `workspace` (by default the one it was opened for); an expired one (idle
   * or absolute) is ended here. A person's session opens every workspace they are a member of, in
   * their role there; a session opened with a token stays in the token's workspace.
   */
  resolveSession(sessionId: string | undefined, workspace?: string): Resolution {
    const signIn = 'sign in again';
    if (sessionId === undefined || sessionId === '') return { ok: false, message: `not signed in: ${signIn}` };
    const hash = secretHash(sessionId);
    const row = this.store.sessionByHash.get(hash);
    if (row === undefined) return { ok: false, message: `this session has ended (signed out, or not one of ours): ${signIn}` };
    const now = this.now();
    if (row.expires_at <= now || now - row.last_seen_at > this.sessionPolicy.idleMs) {
      this.store.deleteSession(hash);
      const why = row.expires_at <= now ? `it is over ${hours(this.sessionPolicy.maxMs)} old` : `it was unused for over ${hours(this.sessionPolicy.idleMs)}`;
      return { ok: false, message: `your session has expired (${why}): ${signIn}` };
    }
    const target = workspace ?? row.workspace;
    if (row.token_id !== null) {
      const refusal = this.methods.token.refusal(row, target);
      if (refusal !== null) return { ok: false, message: refusal, ...(row.workspace === target ? {} : { forbidden: true as const }) };
    }
    let credential: CredentialRow = row;
    if (target !== row.workspace) {
      const role = this.store.roleIn(row.user_id, target);
      if (role === null) {
        const message = `${row.user_name} is not a member of workspace ${target}`;
        this.audit.record({ actor: row.user_name, action: 'workspace.open', target, outcome: 'refused', message });
        return { ok: false, message, forbidden: true };
      }
      credential = { ...row, workspace: target, role };
    }
    if (now - row.last_seen_at >= TOUCH_EVERY_MS) this.store.touchSession(hash, now);
    return this.principal(credential, row.method, { key: hash, expiresAt: row.expires_at });
  }

  /** Proves who someone is with a method, opens a session on success, and audits either way. */
  async signIn<C>(method: SignInMethod<C>, credentials: C, client: SignInClient): Promise<SignInOutcome> {
    const identified = await method.identify(credentials, client);
    const details = { method: method.name, client: client.address, ...identified.details };
    if (!identified.ok) {
      this.audit.record({
        actor: identified.attempted,
        action: 'sign_in',
        target: identified.attempted,
        outcome: identified.code === 'locked' ? 'refused' : 'failed',
        message: identified.message,
        details,
      });
      return { ok: false, code: identified.code, message: identified.message };
    }
    const opened = this.openSession(identified.userId, identified.tokenId, method.name, identified.workspace, client, identified.sso);
    if (!opened.ok) {
      this.audit.record({ actor: identified.userName, action: 'sign_in', target: identified.userName, outcome: 'refused', message: opened.message, details });
      return { ok: false, code: 'unauthorized', message: opened.message };
    }
    this.store.recordSignIn(identified.userId, this.now());
    this.audit.record({
      actor: opened.principal.name,
      action: 'sign_in',
      target: identified.userName,
      outcome: 'ok',
      message: identified.how ?? `signed in with ${method.name === 'link' ? 'the sign-in link' : `a ${method.name}`}`,
      details,
    });
    return opened;
  }

  /** The one-time link printed by `zervigo serve` signs its reader in as the owner. */
  signInOwner(client: SignInClient): SignInOutcome {
    const db = this.store.db;
    const ownerId = db.transaction(() => ensureOwner(db, this.now()))();
    const opened = this.openSession(ownerId, null, 'link', this.store.homeWorkspace(ownerId), client);
    if (opened.ok) {
      this.store.recordSignIn(ownerId, this.now());
      this.audit.record({
        actor: opened.principal.name,
        action: 'sign_in',
        target: opened.principal.name,
        outcome: 'ok',
        message: 'signed in with the sign-in link',
        details: { method: 'link', client: client.address },
      });
    }
    return opened;
  }

  /**
   * Ends one session (sign out); `ended` when there was one, and for a single sign-on session its
   * provider and ID token, to end it at the provider too.
   */
  signOut(sessionId: string | undefined): { ended: boolean; sso: SsoSession | null } {
    if (sessionId === undefined) return { ended: false, sso: null };
    const sso = this.store.ssoOfSession(secretHash(sessionId)) ?? null;
    const resolved = this.resolveSession(sessionId, this.store.sessionByHash.get(secretHash(sessionId))?.workspace);
    const ended = this.store.deleteSession(secretHash(sessionId));
    if (ended && resolved.ok)
      this.audit.record({
        actor: resolved.principal.name,
        action: 'sign_out',
        target: resolved.principal.user ?? resolved.principal.name,
        outcome: 'ok',
        message: 'signed out',
      });
    if (ended) this.changed();
    return { ended, sso: ended ? sso : null };
  }

  /** Sessions past their time, and failures older than the lockout window, are deleted. */
  prune(): void {
    this.store.prune(this.now(), this.sessionPolicy.idleMs, this.lockout.policy.windowMs);
  }

  private openSession(
    userId: number,
    tokenId: string | null,
    method: SignInMethodName,
    workspace: string,
    client: SignInClient,
    sso?: SsoSession,
  ): SignInOutcome {
    const sessionId = randomSecret();
    const hash = secretHash(sessionId);
    const now = this.now();
    const expiresAt = now + this.sessionPolicy.maxMs;
    this.store.addSession({ hash, userId, tokenId, method, workspace, now, expiresAt, client: client.address, sso });
    const resolved = this.resolveSession(sessionId, workspace);
    if (!resolved.ok) {
      this.store.deleteSession(hash);
      return { ok: false, code: 'unauthorized', message: resolved.message };
    }
    return { ok: true, sessionId, principal: resolved.principal, expiresAt };
  }

  private principal(row: CredentialRow, method: SignInMethodName | null, session: Principal['session']): Resolution {
    const role = parseRole(row.role);
    if (role === null) return { ok: false, message: `${row.user_name} has no role in workspace ${row.workspace}` };
    const scopes = parseScopes(row.token_scopes);
    const principal: Principal = {
      kind: row.user_kind,
      user: row.user_name,
      name: row.token_name === null ? row.user_name : tokenActor(row),
      workspace: row.workspace,
      role,
      permissions: effectivePermissions(role, scopes),
      token: row.token_id === null ? null : { id: row.token_id, name: row.token_name ?? '', scopes, expiresAt: row.token_expires_at },
      method: method ?? (row.token_id === null ? null : 'token'),
      session,
    };
    return { ok: true, principal };
  }
}

/** How the audit log names a call made with a token: "alice (token ci)". */
export function tokenActor(row: Pick<CredentialRow, 'user_name' | 'token_name'>): string {
  return `${row.user_name} (token ${row.token_name ?? '?'})`;
}

function hours(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000} d` : ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.round(ms / 60_000)} min`;
}
