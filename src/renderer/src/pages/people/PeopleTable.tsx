import { Badge, Button, Group, Select, Table, Text, Tooltip } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { ROLES, isRole, type Role } from '../../../../shared/auth/permissions';
import type { UserView } from '../../../../shared/types/auth';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RelativeTime } from '../../components/RelativeTime';
import { useMeStore } from '../../stores/me-store';
import { peopleAction } from './people-action';
import { SetPasswordDialog } from './SetPasswordDialog';

/** Accounts with their role in this workspace, lock state, tokens and sessions; what an admin changes about them. */
export function PeopleTable({ users, workspace, reload }: { users: readonly UserView[]; workspace: string; reload: () => void }) {
  const bridge = useBridge();
  const me = useMeStore((state) => state.me);
  const [removing, setRemoving] = useState<UserView | null>(null);
  const [passwordFor, setPasswordFor] = useState<string | null>(null);

  const setRole = (user: UserView, role: Role): void => {
    void peopleAction(
      () => bridge.invoke('users.setRole', { name: user.name, role, workspace }),
      { title: 'Role changed', message: `${user.name} is now ${role}.` },
      `Could not change ${user.name}'s role`,
      reload,
    );
  };
  const unlock = (user: UserView): void => {
    void peopleAction(
      () => bridge.invoke('users.unlock', { name: user.name }),
      { title: 'Unlocked', message: `${user.name} can sign in again.` },
      `Could not unlock ${user.name}`,
      reload,
    );
  };
  const remove = async (user: UserView): Promise<void> => {
    await peopleAction(
      () => bridge.invoke('users.remove', { name: user.name }),
      { title: 'Removed', message: `${user.name}'s tokens and sessions stopped working.` },
      `Could not remove ${user.name}`,
      reload,
    );
    setRemoving(null);
  };

  return (
    <>
      {/* A narrow screen scrolls the table within itself, never the page. */}
      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder highlightOnHover data-testid="people-table">
          <Table.Thead>
            <Table.Tr>
              <ColumnHeader>Name</ColumnHeader>
              <ColumnHeader width={150}>Role</ColumnHeader>
              <ColumnHeader width={150}>Last sign-in</ColumnHeader>
              <ColumnHeader width={150}>Sign-ins</ColumnHeader>
              <ColumnHeader width={120}>Tokens, sessions</ColumnHeader>
              <ColumnHeader width={260} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => {
              const role = user.memberships.find((membership) => membership.workspace === workspace)?.role ?? null;
              const self = me?.user === user.name;
              const locked = user.lockedUntil !== null;
              return (
                <Table.Tr key={user.name} data-testid={`person-${user.name}`}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        {user.name}
                      </Text>
                      {user.kind === 'service_account' && (
                        <Badge size="xs" variant="default" tt="none">
                          service account
                        </Badge>
                      )}
                      {user.owner && (
                        <Badge size="xs" variant="light" tt="none">
                          owner
                        </Badge>
                      )}
                      {user.sso !== null && (
                        <Tooltip label={`Signs in with single sign-on at ${user.sso}; the role follows their groups there at each sign-in`}>
                          <Badge size="xs" variant="light" color="grape" tt="none" data-testid={`sso-${user.name}`}>
                            SSO
                          </Badge>
                        </Tooltip>
                      )}
                      {self && (
                        <Badge size="xs" variant="outline" tt="none">
                          you
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {self ? (
                      // Your own role is shown, not offered: a disabled select reads as blank, and
                      // changing it yourself could leave the workspace without an admin.
                      <FixedRole role={role} owner={user.owner} testId={`role-${user.name}`} />
                    ) : (
                      <Select
                        size="xs"
                        data={ROLES.map((value) => ({ value, label: value }))}
                        value={role}
                        placeholder="not a member"
                        allowDeselect={false}
                        onChange={(value) => isRole(value) && value !== role && setRole(user, value)}
                        aria-label={`Role of ${user.name}`}
                        data-testid={`role-${user.name}`}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {user.lastSignInAt === null ? (
                      <Text size="sm" c="dimmed">
                        never
                      </Text>
                    ) : (
                      <RelativeTime at={user.lastSignInAt} size="sm" />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {locked ? (
                      <Badge color="red" variant="light" size="sm" tt="none" data-testid={`locked-${user.name}`}>
                        locked
                      </Badge>
                    ) : user.recentFailures > 0 ? (
                      <Text size="sm" c="orange">
                        {user.recentFailures} failed
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {user.hasPassword ? 'ok' : user.sso !== null ? 'single sign-on' : 'tokens only'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {user.activeTokens}, {user.activeSessions}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {locked && (
                        <Button size="compact-xs" variant="light" onClick={() => unlock(user)} data-testid={`unlock-${user.name}`}>
                          Unlock
                        </Button>
                      )}
                      {user.kind === 'person' && (
                        <Button size="compact-xs" variant="default" onClick={() => setPasswordFor(user.name)} data-testid={`password-${user.name}`}>
                          Set password…
                        </Button>
                      )}
                      <Tooltip label={self ? 'You cannot remove yourself' : `Remove ${user.name}: their tokens and sessions stop working`}>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          disabled={self}
                          onClick={() => setRemoving(user)}
                          data-testid={`remove-${user.name}`}
                        >
                          Remove…
                        </Button>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        onConfirm={() => removing !== null && void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <Text size="sm">
          {removing?.name} can no longer sign in; their {removing?.activeTokens ?? 0} token(s) and {removing?.activeSessions ?? 0} session(s) stop working at
          once. The audit log keeps their name.
        </Text>
      </ConfirmDialog>
      <SetPasswordDialog name={passwordFor} onClose={() => setPasswordFor(null)} onDone={reload} />
    </>
  );
}

/** Why your own role is read-only here, in words the tooltip and a screen reader both give. */
export function fixedRoleReason(owner: boolean): string {
  return owner
    ? "Your own role: you are this console's owner (the account behind `zervigo token`). Another admin can change it; you cannot, so the workspace never loses its last admin by a slip"
    : 'Your own role: another admin can change it; you cannot, so the workspace never loses its last admin by a slip';
}

/** A role shown as words with a lock that says why it cannot be changed here. */
function FixedRole({ role, owner, testId }: { role: Role | null; owner: boolean; testId: string }) {
  const reason = fixedRoleReason(owner);
  return (
    <Tooltip label={reason} multiline w={300}>
      <Group gap={6} wrap="nowrap" w="fit-content" tabIndex={0} aria-label={`${role ?? 'not a member'}. ${reason}`} data-testid={testId}>
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
          {owner ? `owner · ${role ?? 'not a member'}` : (role ?? 'not a member')}
        </Text>
        <IconLock size={14} stroke={2} color="var(--mantine-color-text)" aria-hidden />
      </Group>
    </Tooltip>
  );
}
