import { AppShell } from '@mantine/core';
import { useDisclosure, useLocalStorage } from '@mantine/hooks';
import { useCallback, useEffect } from 'react';
import { useLocation } from 'wouter';
import { PHONE_BREAKPOINT } from '../components/use-phone';
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

/** The frame around every page: header, left navigation (a menu on a phone), palette and shortcuts. */
export function AppLayout() {
  const [location, navigate] = useLocation();
  const [collapsed, setCollapsed] = useLocalStorage({ key: 'zervigo-nav-collapsed', defaultValue: false });
  const [menuOpened, menu] = useDisclosure(false);
  const [shortcutsOpened, shortcuts] = useDisclosure(false);
  const go = useCallback((path: string) => navigate(path), [navigate]);
  const openShortcuts = shortcuts.open;
  useKeyboardShortcuts({ navigate: go, openHelp: openShortcuts, focusFilter: focusPageFilter });
  useHealthFavicon();
  // A pick in the menu (or any other way to another page) closes it: the page is what was wanted.
  const closeMenu = menu.close;
  useEffect(closeMenu, [location, closeMenu]);

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{
        width: { base: '100%', [PHONE_BREAKPOINT]: collapsed ? NAV_COLLAPSED_WIDTH : NAV_WIDTH },
        breakpoint: PHONE_BREAKPOINT,
        collapsed: { mobile: !menuOpened },
      }}
      padding={{ base: 'sm', [PHONE_BREAKPOINT]: 'md' }}
    >
      <AppHeader navigate={go} openShortcuts={openShortcuts} menuOpened={menuOpened} onMenu={menu.toggle} />
      <NavigationBar location={location} collapsed={collapsed} onToggle={() => setCollapsed((value) => !value)} onPick={menu.close} />
      <AppShell.Main>
        <AppRoutes />
      </AppShell.Main>
      <CommandPalette navigate={go} openShortcuts={openShortcuts} />
      <ShortcutsModal opened={shortcutsOpened} onClose={shortcuts.close} />
      <AlertToasts />
    </AppShell>
  );
}
