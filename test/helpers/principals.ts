import { permissionsOf, type Permission, type Role } from '../../src/shared/auth/permissions';
import { DEFAULT_WORKSPACE, type Principal } from '../../src/shared/auth/principal';
import { contextFor, type CallContext, type Transport } from '../../src/shared/contract/define';

/** A signed-in person with a role (and, for a token, its scopes), as the transports resolve one. */
export function personPrincipal(role: Role, user: string = role, scopes: Permission[] | null = null): Principal {
  const granted = permissionsOf(role);
  return {
    kind: 'person',
    user,
    name: scopes === null ? user : `${user} (token t)`,
    workspace: DEFAULT_WORKSPACE,
    role,
    permissions: scopes === null ? granted : new Set([...granted].filter((permission) => permission === 'signed_in' || scopes.includes(permission))),
    token: scopes === null ? null : { id: 'tok_test', name: 't', scopes, expiresAt: null },
    method: scopes === null ? 'password' : 'token',
    session: null,
  };
}

/** The context of a call by a person with this role over a transport. */
export function contextAs(role: Role, user: string = role, transport: Exclude<Transport, 'internal'> = 'http'): CallContext {
  return contextFor(personPrincipal(role, user), transport);
}
