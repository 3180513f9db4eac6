import { leastRoleFor, type Permission, type Role } from '../../shared/auth/permissions';
import type { Principal } from '../../shared/auth/principal';
import { commands } from '../../shared/contract';
import type { authCommands } from '../../shared/contract/auth';
import { principalOf, type CallContext, type HandlersOf } from '../../shared/contract/define';
import { parseDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';
import type { MeView, TokenView, UserView } from '../../shared/types/auth';
import { listWorkspacesFor, type HostedWorkspace } from './workspace-list';
import type { AuthModule } from './auth-module';
import { parseScopes, type TokenRow, type UserRow } from './auth-store';
import { ssoIssuerOf } from './oidc/oidc-sign-in';
import { effectivePermissions } from './permission-sets';
import { hashPassword, verifyPassword } from './password-hasher';
import { newApiToken, newTokenId, secretHash, tokenPrefix } from '../store/secret-values';

export interface AuthHandlerOptions {
  /**
   * With no server running (the CLI on the data folder itself) `hosted` is only what the folder
   * knows, not what the next `serve --workspace` will host: a role in another workspace is then
   * prepared, not refused, and this hears of it (to say so). Without it such a role is refused.
   */
  unhostedWorkspace?: (workspace: string, known: readonly string[]) => void;
}

/** The contract's people, tokens and "who am I" commands over the engine's Auth. */
/** `hosted`: the workspaces of this engine's server (workspaces.list). */
export function authHandlers(auth: AuthModule, hosted: () => readonly HostedWorkspace[], options: AuthHandlerOptions = {}): HandlersOf<typeof authCommands> {
  const store = auth.store;
  const now = (): number => auth.now();
  const audit = (context: CallContext, action: string, target: string, message: string, details?: Record<string, unknown>): void => {
    auth.audit.record({ actor: context.actor, action, target, outcome: 'ok', message, details: details ?? null });
  };

  const userNamed = (name: string): UserRow => {
    const user = store.userByName(name);
    if (user === undefined) throw new ZervigoError('not_found', `no account named ${name} (zervigo users list shows them)`);
    return user;
  };

  const userView = (user: UserRow): UserView => ({
    name: user.name,
    kind: user.kind,
    owner: user.owner === 1,
    memberships: store.memberships(user.id),
    hasPassword: user.password_hash !== null,
    sso: ssoIssuerOf(user.external_id),
    createdAt: user.created_at,
    lastSignInAt: user.last_sign_in_at,
    lockedUntil: auth.lockout.lockedUntil(user.id, now()),
    recentFailures: auth.lockout.recentFailures(user.id, now()),
    activeTokens: store.activeTokenCount(user.id, now()),
    activeSessions: store.activeSessionCount(user.id, now(), auth.sessionPolicy.idleMs),
  });

  const tokenView = (row: TokenRow & { user_name: string; user_kind: UserRow['kind'] }): TokenView => ({
    id: row.id,
    name: row.name,
    user: row.user_name,
    userKind: row.user_kind,
    workspace: row.workspace,
    scopes: parseScopes(row.scopes),
    prefix: row.prefix,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    status: row.revoked_at !== null ? 'revoked' : row.expires_at !== null && row.expires_at <= now() ? 'expired' : 'active',
  });

  /** Nobody left to manage people would be a dead end: the last admin of a workspace stays one. */
  const keepAnAdmin = (user: UserRow, workspace: string, doing: string): void => {
    const admins = store.admins(workspace);
    if (admins.length === 1 && admins[0] === user.id) {
      throw new ZervigoError('conflict', `${user.name} is the last admin of workspace ${workspace}; make someone else an admin before you ${doing}`);
    }
  };

  /** A role only in a workspace this server hosts: one elsewhere would open nothing (a typo, or another server's). */
  const requireHosted = (workspace: string): void => {
    const known = hosted().map((entry) => entry.name);
    if (known.includes(workspace)) return;
    if (options.unhostedWorkspace !== undefined) return options.unhostedWorkspace(workspace, known);
    throw new ZervigoError('invalid_input', `no workspace ${workspace} on this server; this server hosts ${known.join(', ')}`);
  };

  const personOf = (principal: Principal, what: string): UserRow => {
    if (principal.kind === 'local' || principal.kind === 'system' || principal.user === null) {
      throw new ZervigoError('invalid_input', `${principal.name} has no account to ${what}: the desktop app needs no sign-in`);
    }
    return userNamed(principal.user);
  };

  return {
    'auth.me': async (_input, context): Promise<MeView> => {
      const principal = principalOf(context);
      return {
        kind: principal.kind,
        user: principal.user,
        name: principal.name,
        workspace: principal.workspace,
        role: principal.role,
        permissions: [...principal.permissions],
        token: principal.token,
        method: principal.method,
        sessionExpiresAt: principal.session?.expiresAt ?? null,
        denied: Object.fromEntries(
          Object.entries(commands).flatMap(([name, spec]) => (principal.permissions.has(spec.permission) ? [] : [[name, spec.permission]])),
        ),
      };
    },

    'workspaces.list': async (_input, context) => listWorkspacesFor(context, hosted(), store),
    'auth.changePassword': async (input, context) => {
      const principal = principalOf(context);
      const user = personOf(principal, 'change the password of');
      if (user.password_hash === null || !(await verifyPassword(user.password_hash, input.current))) {
        throw new ZervigoError('forbidden', 'the current password is not right');
      }
      store.setPasswordHash(user.id, await hashPassword(input.password), now());
      store.deleteSessionsOf(user.id, principal.session?.key ?? null);
      audit(context, 'user.password', user.name, 'changed their own password; their other sessions ended');
      auth.changed();
      return null;
    },

    'auth.signOutEverywhere': async (_input, context) => {
      const user = personOf(principalOf(context), 'sign out of');
      const sessions = store.deleteSessionsOf(user.id);
      audit(context, 'sign_out_everywhere', user.name, `ended ${sessions} session${sessions === 1 ? '' : 's'}`);
      auth.changed();
      return { sessions };
    },

    'users.list': async () => store.users().map(userView),

    'users.add': async (input, context) => {
      if (store.userByName(input.name) !== undefined) throw new ZervigoError('conflict', `there is already an account named ${input.name}`);
      requireHosted(input.workspace);
      if (input.serviceAccount && input.password !== undefined)
        throw new ZervigoError('invalid_input', 'a service account signs in with tokens only; leave out the password');
      const hash = input.password === undefined ? null : await hashPassword(input.password);
      const db = store.db;
      const id = db.transaction(() => {
        const created = store.addUser(input.name, input.serviceAccount ? 'service_account' : 'person', hash, now());
        store.setRole(created, input.workspace, input.role);
        return created;
      })();
      const kind = input.serviceAccount ? 'service account' : 'person';
      audit(
        context,
        'user.add',
        input.name,
        `added ${kind} ${input.name} as ${input.role} of ${input.workspace}${hash === null && !input.serviceAccount ? ' (no password yet)' : ''}`,
        { role: input.role, workspace: input.workspace, kind },
      );
      return userView(store.userById(id) as UserRow);
    },

    'users.remove': async (input, context) => {
      const user = userNamed(input.name);
      for (const membership of store.memberships(user.id)) if (membership.role === 'admin') keepAnAdmin(user, membership.workspace, `remove ${user.name}`);
      const tokensRevoked = store.activeTokenCount(user.id, now());
      const sessionsEnded = store.deleteSessionsOf(user.id);
      store.removeUser(user.id);
      audit(context, 'user.remove', user.name, `removed ${user.name}: ${tokensRevoked} token(s) and ${sessionsEnded} session(s) stopped working`);
      auth.changed();
      return { name: user.name, tokensRevoked, sessionsEnded };
    },

    'users.setPassword': async (input, context) => {
      const user = userNamed(input.name);
      if (user.kind === 'service_account') throw new ZervigoError('invalid_input', `${user.name} is a service account: it signs in with tokens only`);
      store.setPasswordHash(user.id, await hashPassword(input.password), now());
      const ended = store.deleteSessionsOf(user.id);
      audit(context, 'user.password', user.name, `set the password of ${user.name}; ${ended} session(s) ended`);
      auth.changed();
      return userView(userNamed(input.name));
    },

    'users.setRole': async (input, context) => {
      const user = userNamed(input.name);
      requireHosted(input.workspace);
      const before = store.roleIn(user.id, input.workspace);
      if (before === 'admin' && input.role !== 'admin') keepAnAdmin(user, input.workspace, `make ${user.name} ${input.role}`);
      store.setRole(user.id, input.workspace, input.role);
      audit(context, 'user.role', user.name, `${user.name} is now ${input.role} of ${input.workspace}${before === null ? '' : ` (was ${before})`}`, {
        role: input.role,
        before,
        workspace: input.workspace,
      });
      auth.changed();
      return userView(userNamed(input.name));
    },

    'users.unlock': async (input, context) => {
      const user = userNamed(input.name);
      store.unlock(user.id);
      audit(context, 'user.unlock', user.name, `unlocked ${user.name}`);
      return userView(userNamed(input.name));
    },

    'tokens.list': async (input) => {
      const userId = input.user === undefined ? null : userNamed(input.user).id;
      const views = store.tokens(userId).map(tokenView);
      return input.all ? views : views.filter((view) => view.status === 'active');
    },

    'tokens.create': async (input, context) => {
      const user = userNamed(input.user);
      const role = store.roleIn(user.id, input.workspace);
      if (role === null)
        throw new ZervigoError('invalid_input', `${user.name} has no role in workspace ${input.workspace}; give them one first (zervigo users role)`);
      const scopes = (input.scopes ?? null) as Permission[] | null;
      checkScopes(user.name, role, scopes);
      let expiresAt: number | null = null;
      if (input.expires !== undefined) {
        const ms = parseDuration(input.expires);
        if (ms === null || ms <= 0) throw new ZervigoError('invalid_input', `expires ${input.expires} is not a duration like 30d`);
        expiresAt = now() + ms;
      }
      const token = newApiToken();
      const id = newTokenId();
      const name = input.name ?? `${user.name}-${id.slice(4, 8)}`;
      store.addToken({
        id,
        user_id: user.id,
        name,
        hash: secretHash(token),
        prefix: tokenPrefix(token),
        workspace: input.workspace,
        scopes: scopes === null ? null : JSON.stringify(scopes),
        created_at: now(),
        created_by: context.actor,
        expires_at: expiresAt,
      });
      audit(
        context,
        'token.create',
        `token ${name} of ${user.name}`,
        `created token ${name} (${id}) for ${user.name}: ${scopes === null ? `everything a ${role} may do` : scopes.join(', ')}${expiresAt === null ? ', no expiry' : `, expires ${new Date(expiresAt).toISOString()}`}`,
        { id, scopes, expiresAt },
      );
      const view = store.token(id);
      return { token, view: tokenView(view as NonNullable<typeof view>) };
    },

    'tokens.revoke': async (input, context) => {
      const row = store.token(input.id);
      if (row === undefined) throw new ZervigoError('not_found', `no token ${input.id} (zervigo tokens list shows them)`);
      if (row.revoked_at === null) {
        store.revokeToken(row.id, now());
        audit(context, 'token.revoke', `token ${row.name} of ${row.user_name}`, `revoked token ${row.name} (${row.id}) of ${row.user_name}`);
        auth.changed();
      }
      return tokenView(store.token(row.id) as NonNullable<typeof row>);
    },
  };
}

/** A token can do at most what its person may: a viewer's token cannot carry operate. */
function checkScopes(user: string, role: Role, scopes: Permission[] | null): void {
  if (scopes === null) return;
  const granted = effectivePermissions(role, null);
  const beyond = scopes.filter((scope) => !granted.has(scope));
  if (beyond.length > 0) {
    throw new ZervigoError(
      'invalid_input',
      `${user} is ${role === 'admin' || role === 'operator' ? 'an' : 'a'} ${role}: a token cannot have ${beyond.map((scope) => `${scope} (needs ${leastRoleFor(scope)})`).join(', ')}`,
    );
  }
}
