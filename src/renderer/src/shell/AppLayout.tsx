import { AppShell } from '@mantine/core';
import { useDisclosure, useLocalStorage } from '@mantine/hooks';
import { useCallback } from 'react';
import { useLocation } from 'wouter';
import { AlertToasts } from './AlertToasts';
import { AppHeader } from './AppHeader';
import { AppRoutes } from './AppRoutes';
import { CommandPalette } from './CommandPalette';
import { NavigationBar } from './NavigationBar';
import { ShortcutsModal } from './ShortcutsModal';
import { useHealthFavicon } from './use-health-favicon';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';

const HEADER_HEIGHT = 48;
const NAV_WIDTH = 176;
const NAV_COLLAPSED_WIDTH = 56;

function focusPageFilter(): void {
  document.querySelector<HTMLElement>('[data-page-filter]')?.focus();
}

/** The frame around every page: header, left navigation, palette and shortcuts. */
export function AppLayout() {
  const [location, navigate] = useLocation();
  const [collapsed, setCollapsed] = useLocalStorage({ key: 'zervigo-nav-collapsed', defaultValue: false });
  const [shortcutsOpened, shortcuts] = useDisclosure(false);
  const go = useCallback((path: string) => navigate(path), [navigate]);
  const openShortcuts = shortcuts.open;
  useKeyboardShortcuts({ navigate: go, openHelp: openShortcuts, focusFilter: focusPageFilter });
  useHealthFavicon();

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: collapsed ? NAV_COLLAPSED_WIDTH : NAV_WIDTH, breakpoint: 0 }}
      padding="md"
    >
      <AppHeader navigate={go} openShortcuts={openShortcuts} />
      <NavigationBar location={location} collapsed={collapsed} onToggle={() => setCollapsed((value) => !value)} />
      <AppShell.Main>
        <AppRoutes />
      </AppShell.Main>
      <CommandPalette navigate={go} openShortcuts={openShortcuts} />
      <ShortcutsModal opened={shortcutsOpened} onClose={shortcuts.close} />
      <AlertToasts />
    </AppShell>
  );
}
