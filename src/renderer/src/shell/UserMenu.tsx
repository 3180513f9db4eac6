import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout, IconLogout2 } from '@tabler/icons-react';
import { roleWords } from '../auth/use-can';
import { useBridge } from '../bridge/use-bridge';
import { messageOf } from '../format/error-message';
import { useMeStore } from '../stores/me-store';

/**
 * Who is signed in and as what, in the header: the role says what the console lets them do.
 * In the desktop app (the local owner, no sign-in) there is nothing to sign out of.
 */
export function UserMenu() {
  const bridge = useBridge();
  const me = useMeStore((state) => state.me);
  if (me === null || me.kind === 'local' || me.kind === 'system') return null;
  const signOutEverywhere = async (): Promise<void> => {
    try {
      const { sessions } = await bridge.invoke('auth.signOutEverywhere');
      notifications.show({ title: 'Signed out everywhere', message: `${sessions} session${sessions === 1 ? '' : 's'} ended` });
      await bridge.signOut();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not sign out everywhere', message: messageOf(error) });
    }
  };
  return (
    <Menu position="bottom-end" withArrow>
      <Menu.Target>
        <UnstyledButton aria-label={`Signed in as ${me.name}, ${me.role}`} data-testid="user-menu" data-role={me.role}>
          <Avatar size={28} radius="xl" color={me.role === 'admin' ? 'red' : me.role === 'operator' ? 'blue' : 'gray'}>
            {(me.user ?? me.name).slice(0, 2).toUpperCase()}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown maw={320}>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" data-testid="user-name">
            {me.name}
          </Text>
          <Text size="xs" c="dimmed" data-testid="user-role">
            {roleWords(me)}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void bridge.signOut()} data-testid="sign-out">
          Sign out
        </Menu.Item>
        {me.permissions.includes('account') && (
          <Menu.Item leftSection={<IconLogout2 size={14} />} onClick={() => void signOutEverywhere()} data-testid="sign-out-everywhere">
            Sign out everywhere
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
