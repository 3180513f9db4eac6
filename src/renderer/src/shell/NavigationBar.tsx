import { AppShell, NavLink, Stack, Tooltip, UnstyledButton } from '@mantine/core';
import { IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand } from '@tabler/icons-react';
import { PHONE_BREAKPOINT, usePhone } from '../components/use-phone';
import { canRun } from '../auth/use-can';
import { useMeStore } from '../stores/me-store';
import { UserMenu } from './UserMenu';
import { pageOf, pages } from './pages';
import classes from './NavigationBar.module.css';

/**
 * The left rail: icons with labels, or icons alone (labels in tooltips) when collapsed. On a phone
 * it is the menu the header's burger opens, over the page, always with its labels.
 */
export function NavigationBar({ location, collapsed, onToggle, onPick }: { location: string; collapsed: boolean; onToggle: () => void; onPick: () => void }) {
  const active = pageOf(location);
  const phone = usePhone();
  const iconsOnly = collapsed && !phone;
  const me = useMeStore((state) => state.me);
  const shown = pages.filter((page) => page.needs === undefined || (me !== null && canRun(me, page.needs).allowed));
  return (
    <AppShell.Navbar p={6} data-testid="navigation">
      <AppShell.Section grow component="nav" aria-label="Pages">
        <Stack gap={2}>
          {shown.map((page) => {
            const PageIcon = page.icon;
            const link = (
              <NavLink
                key={page.path}
                href={`#${page.path}`}
                label={iconsOnly ? undefined : page.label}
                aria-label={page.label}
                leftSection={<PageIcon size={20} stroke={1.6} />}
                active={active?.path === page.path}
                onClick={onPick}
                classNames={{ root: classes.link, section: classes.section, body: classes.body }}
                data-collapsed={iconsOnly || undefined}
              />
            );
            return iconsOnly ? (
              <Tooltip key={page.path} label={page.label} position="right">
                {link}
              </Tooltip>
            ) : (
              link
            );
          })}
        </Stack>
      </AppShell.Section>
      {phone && (
        <AppShell.Section p={6}>
          <UserMenu />
        </AppShell.Section>
      )}
      {/* A phone has no room for a rail: the collapse toggle is for the desktop. */}
      <AppShell.Section visibleFrom={PHONE_BREAKPOINT}>
        <Tooltip label={collapsed ? 'Expand navigation' : 'Collapse navigation'} position="right">
          <UnstyledButton className={classes.toggle} onClick={onToggle} aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}>
            {collapsed ? <IconLayoutSidebarLeftExpand size={18} stroke={1.5} /> : <IconLayoutSidebarLeftCollapse size={18} stroke={1.5} />}
          </UnstyledButton>
        </Tooltip>
      </AppShell.Section>
    </AppShell.Navbar>
  );
}
