import { ActionIcon, AppShell, Group, Kbd, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconKeyboard, IconSearch } from '@tabler/icons-react';
import { EnvironmentBadge } from '../components/EnvironmentBadge';
import { useWorkspaceStore } from '../stores/workspace-store';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { ConnectionIndicator } from './ConnectionIndicator';
import { HealthSummary } from './HealthSummary';
import { isMac } from './shortcuts';
import { UserMenu } from './UserMenu';
import classes from './AppHeader.module.css';

function WorkspaceTitle() {
  const name = useWorkspaceStore((state) => state.view?.name ?? null);
  const environment = useWorkspaceStore((state) => state.view?.environment ?? null);
  const hasView = useWorkspaceStore((state) => state.view !== null);
  return (
    <Group gap="xs" wrap="nowrap" miw={0}>
      <Tooltip label="Workspace (zervigo.yaml)">
        <Text fw={600} size="sm" truncate="end" maw={280} data-testid="workspace-name">
          {name ?? 'loading workspace…'}
        </Text>
      </Tooltip>
      {hasView && <EnvironmentBadge name={environment} testId="env-badge" />}
    </Group>
  );
}

/** Where am I (workspace, environment), is anything wrong (health), and how do I get anywhere (palette). */
export function AppHeader({ navigate, openShortcuts }: { navigate: (path: string) => void; openShortcuts: () => void }) {
  return (
    <AppShell.Header className={classes.header}>
      <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Text fw={800} size="sm" className={classes.brand} component="a" href="#/">
            Zervigo
          </Text>
          <WorkspaceTitle />
        </Group>
        <Group gap="sm" wrap="nowrap">
          <HealthSummary onOpen={() => navigate('/')} />
          <ConnectionIndicator />
          <UnstyledButton className={classes.search} onClick={() => spotlight.open()} aria-label="Open the command palette">
            <Group gap={6} wrap="nowrap">
              <IconSearch size={14} stroke={1.8} />
              <Text size="xs" c="dimmed">
                Search
              </Text>
              <Kbd size="xs">{isMac ? '⌘ K' : 'Ctrl K'}</Kbd>
            </Group>
          </UnstyledButton>
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon variant="default" size="md" onClick={openShortcuts} aria-label="Keyboard shortcuts">
              <IconKeyboard size={16} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
          <ColorSchemeToggle />
          <UserMenu />
        </Group>
      </Group>
    </AppShell.Header>
  );
}
