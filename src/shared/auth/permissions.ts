/**
 * What a caller may do, as verbs over the whole workspace (Kubernetes RBAC's idea, coarser):
 * every contract command and event names one of these, and a role is a set of them. Token scopes
 * are subsets too, so a token can do at most what its person may.
 */
export const PERMISSIONS = {
  signed_in: 'any signed-in caller: who am I, sign out',
  view: 'see services, probes, alerts, logs, history and the workspace (secrets masked)',
  operate: 'start, stop, restart and reset services; acknowledge and silence alerts; check or pause probes; run jobs and deploys',
  configure: 'edit the workspace, switch the environment, change settings, test channels, plugins',
  shell: 'open terminals, type into tmux panes, create and kill sessions: shells on this machine',
  secrets: 'see secrets unmasked (channel URLs, passwords, tokens, secret-looking env values)',
  people: 'add, change and remove people, unlock accounts, create and revoke tokens',
  account: "change one's own password and sign oneself out everywhere",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes the one before it. */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ['signed_in', 'view', 'account'],
  operator: ['signed_in', 'view', 'account', 'operate'],
  admin: ['signed_in', 'view', 'account', 'operate', 'configure', 'shell', 'secrets', 'people'],
};

export const ROLE_SUMMARY: Record<Role, string> = {
  viewer: 'sees everything but secrets',
  operator: 'a viewer who also starts, stops, restarts and resets services, acknowledges and silences alerts, runs jobs and deploys',
  admin: 'an operator who also edits the workspace, channels, plugins and people, opens terminals and runs exec actions (shells)',
};

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** The least role that holds a permission: "needs operator". */
export function leastRoleFor(permission: Permission): Role {
  return ROLES.find((role) => ROLE_PERMISSIONS[role].includes(permission)) ?? 'admin';
}

/** The permissions a token may be scoped to: everything but being signed in, which every caller is. */
export const SCOPES = (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => permission !== 'signed_in');
