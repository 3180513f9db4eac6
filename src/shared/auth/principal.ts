import { permissionsOf, type Permission, type Role } from './permissions';

/**
 * Who is calling, resolved once at the transport (a session cookie, a bearer token, the desktop
 * window, the engine itself) and carried in every CallContext. The dispatcher decides from
 * `permissions` alone; the rest is for the audit log, the UI and the refusal message.
 */
export interface Principal {
  /** local: the desktop app's owner over IPC; person/service_account: an account; system: the engine and its shells. */
  kind: 'local' | 'person' | 'service_account' | 'system';
  /** The account's name (null for system callers). */
  user: string | null;
  /** As the audit log names it: "alice", "alice (token ci)", "desktop", "scheduler". */
  name: string;
  /** The workspace this call is for (a server may host several; the desktop app has one). */
  workspace: string;
  /** The role in that workspace. */
  role: Role;
  /** What this caller may do: the role's permissions, narrowed by a token's scopes. */
  permissions: ReadonlySet<Permission>;
  /** Set when the call is made with a token (or a session opened with one). */
  token: { id: string; name: string; scopes: Permission[] | null; expiresAt: number | null } | null;
  /** How the session was opened, when there is one: password, token, link; later oidc. */
  method: SignInMethodName | null;
  /** The session the call comes with (its stored key and absolute end), or null. */
  session: { key: string; expiresAt: number } | null;
}

export type SignInMethodName = 'password' | 'token' | 'link' | 'oidc';

/** The account of the one who runs this machine: created with the data folder, it holds the old API token. */
export const OWNER_NAME = 'owner';

/** The one workspace of today's server and of the desktop app. */
export const DEFAULT_WORKSPACE = 'default';

/** A token's workspace when it opens every workspace its person is a member of (the owner's, on a server hosting several). */
export const EVERY_WORKSPACE = '*';

const ALL_PERMISSIONS: ReadonlySet<Permission> = permissionsOf('admin');

/** The engine and its shells' own calls (tray, updater, automation): every permission. */
export function systemPrincipal(name: string): Principal {
  return {
    kind: 'system',
    user: null,
    name,
    workspace: DEFAULT_WORKSPACE,
    role: 'admin',
    permissions: ALL_PERMISSIONS,
    token: null,
    method: null,
    session: null,
  };
}

/**
 * The person at the desktop app: the owner of the local workspace, an admin, with no sign-in
 * (the window is trusted by construction: IPC only from the app's own top frame).
 */
export function localOwner(name = 'desktop'): Principal {
  return {
    kind: 'local',
    user: 'owner',
    name,
    workspace: DEFAULT_WORKSPACE,
    role: 'admin',
    permissions: ALL_PERMISSIONS,
    token: null,
    method: null,
    session: null,
  };
}
