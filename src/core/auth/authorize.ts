import { leastRoleFor, type Permission } from '../../shared/auth/permissions';
import type { Principal } from '../../shared/auth/principal';
import { principalOf, type CallContext } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';

/**
 * The refusal of a command a caller may not run, naming the permission and why the caller lacks
 * it: "services.restart needs the operate permission; you are a viewer".
 */
export function forbidden(command: string, permission: Permission, principal: Principal): ZervigoError {
  const needs = leastRoleFor(permission);
  const roleHasIt = permissionOfRole(principal, permission);
  const why =
    principal.token !== null && roleHasIt
      ? `token ${principal.token.name} of ${principal.user ?? principal.name} is scoped to ${(principal.token.scopes ?? []).join(', ') || 'nothing'}`
      : `you are ${article(principal.role)} ${principal.role}`;
  return new ZervigoError('forbidden', `${command} needs the ${permission} permission; ${why}`, { permission, needs, role: principal.role });
}

/** Throws `forbidden` unless the caller has the permission: a command that asks for more in some cases (a probe run by hand that runs a command) checks it itself. */
export function assertPermitted(what: string, permission: Permission, context: CallContext): void {
  const principal = principalOf(context);
  if (!principal.permissions.has(permission)) throw forbidden(what, permission, principal);
}

function permissionOfRole(principal: Principal, permission: Permission): boolean {
  return leastRoleRank(permission) <= rank(principal.role);
}

const order = ['viewer', 'operator', 'admin'] as const;
const rank = (role: Principal['role']): number => order.indexOf(role);
const leastRoleRank = (permission: Permission): number => rank(leastRoleFor(permission));
const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');
