import { describe, expect, it } from 'vitest';
import { canRun } from '../../src/renderer/src/auth/use-can';
import type { MeView } from '../../src/shared/types/auth';

function me(overrides: Partial<MeView>): MeView {
  return {
    kind: 'person',
    user: 'vera',
    name: 'vera',
    workspace: 'default',
    role: 'viewer',
    permissions: ['signed_in', 'view', 'account'],
    token: null,
    method: 'password',
    sessionExpiresAt: null,
    denied: {},
    ...overrides,
  };
}

describe('what the console lets a person do, and why not', () => {
  it('allows what auth.me does not list as denied, and before auth.me has answered (the server still decides)', () => {
    expect(canRun(null, 'services.restart')).toEqual({ allowed: true, reason: null });
    expect(canRun(me({ denied: {} }), 'services.restart')).toEqual({ allowed: true, reason: null });
  });

  it('names the least role that may, for a person whose role is too low', () => {
    const viewer = me({ denied: { 'services.restart': 'operate', 'workspace.save': 'configure', 'terminal.open': 'shell' } });
    expect(canRun(viewer, 'services.restart')).toEqual({ allowed: false, reason: 'needs operator' });
    expect(canRun(viewer, 'workspace.save')).toEqual({ allowed: false, reason: 'needs admin' });
    expect(canRun(viewer, 'services.list').allowed).toBe(true);
  });

  it("says it is the token's scope, not the role, when an admin's token was narrowed", () => {
    const scoped = me({
      role: 'admin',
      token: { id: 't1', name: 'ci', scopes: ['view'], expiresAt: null },
      method: 'token',
      denied: { 'services.restart': 'operate' },
    });
    expect(canRun(scoped, 'services.restart')).toEqual({ allowed: false, reason: "needs operate: this session's token is scoped to view" });
  });
});
