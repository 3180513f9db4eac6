import { ROLES, type Role } from '../../../shared/auth/permissions';
import type { OidcProviderSettings } from './oidc-provider-settings';

/** A claim by its path: "groups", or "realm_access.roles" into nested objects (Keycloak). */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The groups a claim holds: a list of strings, or one string (some providers send a single group so). */
export function groupsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export type RoleDecision = { ok: true; role: Role; because: string } | { ok: false; message: string };

/** The highest role any of the person's groups maps to, else the default role, else a refusal. */
export function roleForGroups(groups: readonly string[], settings: Pick<OidcProviderSettings, 'roles' | 'default_role' | 'groups_claim'>): RoleDecision {
  let best: { role: Role; group: string } | null = null;
  for (const group of groups) {
    const role = settings.roles[group];
    if (role !== undefined && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best.role))) best = { role, group };
  }
  if (best !== null) return { ok: true, role: best.role, because: `group ${best.group}` };
  if (settings.default_role !== 'none') return { ok: true, role: settings.default_role, because: 'the default role (no mapped group)' };
  const mapped = Object.keys(settings.roles);
  const held = groups.length === 0 ? `no groups in the "${settings.groups_claim}" claim` : `groups ${groups.slice(0, 10).join(', ')}`;
  return {
    ok: false,
    message: `you are in none of the groups that give a role here (${held}; ${mapped.length === 0 ? 'none are mapped' : `mapped: ${mapped.join(', ')}`}); ask an admin to add you to one`,
  };
}
