// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PeopleTable } from '../../../src/renderer/src/pages/people/PeopleTable';
import { setMe } from '../../../src/renderer/src/stores/me-store';
import type { UserView } from '../../../src/shared/types/auth';
import { renderInConsole } from './render';

afterEach(() => {
  cleanup();
  setMe(null);
});

const person = (name: string, role: 'admin' | 'operator' | 'viewer', owner = false): UserView => ({
  name,
  kind: 'person',
  owner,
  memberships: [{ workspace: 'default', role }],
  hasPassword: false,
  sso: null,
  createdAt: 0,
  lastSignInAt: null,
  lockedUntil: null,
  recentFailures: 0,
  activeTokens: 1,
  activeSessions: 1,
});

describe('People: the role column', () => {
  it("shows the owner's own role as words with why it cannot change, not a blank disabled select; others' roles stay a select", () => {
    setMe({
      kind: 'person',
      user: 'owner',
      name: 'owner',
      workspace: 'default',
      role: 'admin',
      permissions: ['view', 'operate', 'configure', 'people'],
      token: null,
      method: 'link',
      sessionExpiresAt: null,
      denied: {},
    });
    renderInConsole(<PeopleTable users={[person('owner', 'admin', true), person('vera', 'viewer')]} workspace="default" reload={() => {}} />);
    const own = screen.getByTestId('role-owner');
    expect(own.tagName).not.toBe('INPUT');
    expect(own.textContent).toBe('owner · admin');
    expect(own.getAttribute('aria-label')).toMatch(/^admin\. Your own role: .*another admin can change it; you cannot/i);
    const other = screen.getByTestId('role-vera');
    expect(other.tagName).toBe('INPUT');
    expect((other as HTMLInputElement).value).toBe('viewer');
    expect((other as HTMLInputElement).disabled).toBe(false);
  });
});
