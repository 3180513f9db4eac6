import { ActionIcon, AppShell, Burger, Group, Kbd, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconKeyboard, IconSearch } from '@tabler/icons-react';
import { EnvironmentBadge } from '../components/EnvironmentBadge';
import { PHONE_BREAKPOINT, usePhone } from '../components/use-phone';
import { useWorkspaceStore } from '../stores/workspace-store';
import { AutomationSwitch } from './AutomationSwitch';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { ConnectionIndicator } from './ConnectionIndicator';
import { HealthSummary } from './HealthSummary';
import { OnCallNow } from './OnCallNow';
import { isMac } from './shortcuts';
import { UserMenu } from './UserMenu';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';
import classes from './AppHeader.module.css';

function WorkspaceTitle() {
  const name = useWorkspaceStore((state) => state.view?.name ?? null);
  const environment = useWorkspaceStore((state) => state.view?.environment ?? null);
  const hasView = useWorkspaceStore((state) => state.view !== null);
  const phone = usePhone();
  return (
    <Group gap="xs" wrap="nowrap" miw={0}>
      <WorkspaceSwitcher />
      {/* A phone keeps the product, the environment and the health; the workspace's name is in its menu. */}
      <Tooltip label="Workspace (zervigo.yaml)">
        <Text fw={600} size="sm" truncate="end" maw={280} data-testid="workspace-name" visibleFrom={PHONE_BREAKPOINT}>
          {name ?? 'loading workspace…'}
        </Text>
      </Tooltip>
      {/* "no environment" says nothing worth a phone's header room; a named one always shows. */}
      {hasView && (environment !== null || !phone) && <EnvironmentBadge name={environment} testId="env-badge" />}
    </Group>
  );
}

/** Where am I (workspace, environment), is anything wrong (health), and how do I get anywhere (menu, palette). */
export function AppHeader({
  navigate,
  openShortcuts,
  menuOpened,
  onMenu,
}: {
  navigate: (path: string) => void;
  openShortcuts: () => void;
  menuOpened: boolean;
  onMenu: () => void;
}) {
  // A phone's 360 px hold the burger, the product, the environment and the health only with narrower edges and gaps.
  const phone = usePhone();
  const gap = phone ? 6 : 'xs';
  return (
    <AppShell.Header className={classes.header}>
      <Group h="100%" px={{ base: 8, [PHONE_BREAKPOINT]: 'sm' }} justify="space-between" wrap="nowrap" gap={gap}>
        <Group gap={gap} wrap="nowrap" miw={0}>
          <Tooltip label="Pages">
            <Burger
              opened={menuOpened}
              onClick={onMenu}
              size="sm"
              className={classes.burger}
              hiddenFrom={PHONE_BREAKPOINT}
              aria-label={menuOpened ? 'Close the menu' : 'Open the menu'}
              aria-expanded={menuOpened}
              data-testid="nav-burger"
            />
          </Tooltip>
          <Text fw={800} size="sm" className={classes.brand} component="a" href="#/" data-testid="brand">
            Zervigo
          </Text>
          <WorkspaceTitle />
        </Group>
        {/* The health never shrinks to "1 d…": the workspace's side gives way first. */}
        <Group gap={gap} wrap="nowrap" style={{ flex: 'none' }}>
          <HealthSummary onOpen={() => navigate('/')} />
          <OnCallNow onOpen={() => navigate('/oncall')} />
          <AutomationSwitch />
          <ConnectionIndicator />
          <UnstyledButton className={classes.search} onClick={() => spotlight.open()} aria-label="Open the command palette">
            <Group gap={6} wrap="nowrap">
              <IconSearch size={14} stroke={1.8} />
              <Text size="xs" c="dimmed" visibleFrom={PHONE_BREAKPOINT}>
                Search
              </Text>
              <Kbd size="xs" visibleFrom={PHONE_BREAKPOINT}>
                {isMac ? '⌘ K' : 'Ctrl K'}
              </Kbd>
            </Group>
          </UnstyledButton>
          {/* Without a keyboard, or room: shortcuts and the theme flip stay on the desktop (Settings has the theme). */}
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon variant="default" size="md" onClick={openShortcuts} aria-label="Keyboard shortcuts" visibleFrom={PHONE_BREAKPOINT}>
              <IconKeyboard size={16} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
          <ColorSchemeToggle visibleFrom={PHONE_BREAKPOINT} />
          {/* On a phone the person is in the menu: the header keeps its room for the environment. */}
          {!phone && <UserMenu />}
        </Group>
      </Group>
    </AppShell.Header>
  );
}
