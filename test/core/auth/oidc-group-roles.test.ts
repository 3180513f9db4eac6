import { describe, expect, it } from 'vitest';
import { claimAt, groupsIn, roleForGroups } from '../../../src/core/auth/oidc/group-roles';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';

const mapping = { roles: { 'ops-admins': 'admin', ops: 'operator', staff: 'viewer' }, groups_claim: 'groups' } as const;

describe('single sign-on: groups to roles', () => {
  it('gives the highest role any group maps to, whatever their order', () => {
    expect(roleForGroups(['staff', 'ops', 'other'], { ...mapping, default_role: 'none' })).toEqual({ ok: true, role: 'operator', because: 'group ops' });
    expect(roleForGroups(['ops-admins', 'staff'], { ...mapping, default_role: 'none' })).toMatchObject({ ok: true, role: 'admin' });
  });

  it('falls back to the default role, or refuses saying which groups the person has and which are mapped', () => {
    expect(roleForGroups(['sales'], { ...mapping, default_role: 'viewer' })).toEqual({
      ok: true,
      role: 'viewer',
      because: 'the default role (no mapped group)',
    });
    const refused = roleForGroups(['sales'], { ...mapping, default_role: 'none' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/none of the groups .*groups sales; mapped: ops-admins, ops, staff/);
    expect(!refused.ok && (roleForGroups([], { ...mapping, default_role: 'none' }) as { message: string }).message).toMatch(/no groups in the "groups" claim/);
  });

  it('reads groups from nested claims (Keycloak realm_access.roles) and from a single string', () => {
    const claims = { realm_access: { roles: ['ops', 7] }, group: 'staff' };
    expect(groupsIn(claimAt(claims, 'realm_access.roles'))).toEqual(['ops']);
    expect(groupsIn(claimAt(claims, 'group'))).toEqual(['staff']);
    expect(groupsIn(claimAt(claims, 'missing.path'))).toEqual([]);
  });
});

describe('single sign-on: the workspace file', () => {
  const issuesOf = (sso: string): string[] => {
    const result = parseWorkspace(`version: 1\nsso:\n  providers:\n${sso}`, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });
    return result.ok ? [] : result.issues.map(formatIssue);
  };

  it('accepts a provider with defaults filled in', () => {
    const result = parseWorkspace('version: 1\nsso:\n  providers:\n    corp: { issuer: "https://login.example.com/realms/ops", client_id: zervigo }\n', {
      kinds: builtinKinds,
      file: 'zervigo.yaml',
      processEnv: {},
      environment: null,
    });
    expect(result.ok && result.workspace.config.sso.providers.corp).toEqual({
      issuer: 'https://login.example.com/realms/ops',
      client_id: 'zervigo',
      scopes: ['openid', 'profile', 'email'],
      groups_claim: 'groups',
      username_claim: 'preferred_username',
      roles: {},
      default_role: 'none',
    });
  });

  it('refuses plain http away from this machine, scopes without openid, unknown roles, and says where', () => {
    expect(issuesOf('    corp: { issuer: "http://login.example.com", client_id: z }\n')).toEqual([
      expect.stringMatching(/^zervigo\.yaml:4:\d+: sso\.providers\.corp\.issuer: the issuer must use https \(plain http only on 127\.0\.0\.1/),
    ]);
    expect(issuesOf('    corp: { issuer: "http://127.0.0.1:9000", client_id: z }\n')).toEqual([]);
    expect(issuesOf('    corp: { issuer: "https://x.example", client_id: z, scopes: [profile] }\n')).toEqual([
      expect.stringMatching(/scopes must include openid/),
    ]);
    expect(issuesOf('    corp: { issuer: "https://x.example", client_id: z, roles: { ops: superuser } }\n')).toEqual([
      expect.stringMatching(/sso\.providers\.corp\.roles\.ops: expected one of viewer, operator, admin/),
    ]);
  });
});
