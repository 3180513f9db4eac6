import { permissionsOf, type Permission, type Role } from '../../shared/auth/permissions';

const cache = new Map<string, ReadonlySet<Permission>>();

/**
 * What a caller may do: the role's permissions, narrowed by a token's scopes (a token can never
 * do more than its person). Sets are shared per combination, so resolving a caller allocates none.
 */
export function effectivePermissions(role: Role, scopes: readonly Permission[] | null): ReadonlySet<Permission> {
  const key = scopes === null ? role : `${role}:${[...scopes].sort().join(',')}`;
  let set = cache.get(key);
  if (set === undefined) {
    const granted = permissionsOf(role);
    set = scopes === null ? granted : new Set([...granted].filter((permission) => permission === 'signed_in' || scopes.includes(permission)));
    cache.set(key, set);
  }
  return set;
}
