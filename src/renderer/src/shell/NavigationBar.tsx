import { AppShell, NavLink, Stack, Tooltip, UnstyledButton } from '@mantine/core';
import { IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand } from '@tabler/icons-react';
import { canRun } from '../auth/use-can';
import { useMeStore } from '../stores/me-store';
import { pageOf, pages } from './pages';
import classes from './NavigationBar.module.css';

/** The left rail: icons with labels, or icons alone (labels in tooltips) when collapsed. */
export function NavigationBar({ location, collapsed, onToggle }: { location: string; collapsed: boolean; onToggle: () => void }) {
  const active = pageOf(location);
  const me = useMeStore((state) => state.me);
  const shown = pages.filter((page) => page.needs === undefined || (me !== null && canRun(me, page.needs).allowed));
  return (
    <AppShell.Navbar p={6}>
      <AppShell.Section grow component="nav" aria-label="Pages">
        <Stack gap={2}>
          {shown.map((page) => {
            const PageIcon = page.icon;
            const link = (
              <NavLink
                key={page.path}
                href={`#${page.path}`}
                label={collapsed ? undefined : page.label}
                aria-label={page.label}
                leftSection={<PageIcon size={20} stroke={1.6} />}
                active={active?.path === page.path}
                classNames={{ root: classes.link, section: classes.section, body: classes.body }}
                data-collapsed={collapsed || undefined}
              />
            );
            return collapsed ? (
              <Tooltip key={page.path} label={page.label} position="right">
                {link}
              </Tooltip>
            ) : (
              link
            );
          })}
        </Stack>
      </AppShell.Section>
      <AppShell.Section>
        <Tooltip label={collapsed ? 'Expand navigation' : 'Collapse navigation'} position="right">
          <UnstyledButton className={classes.toggle} onClick={onToggle} aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}>
            {collapsed ? <IconLayoutSidebarLeftExpand size={18} stroke={1.5} /> : <IconLayoutSidebarLeftCollapse size={18} stroke={1.5} />}
          </UnstyledButton>
        </Tooltip>
      </AppShell.Section>
    </AppShell.Navbar>
  );
}
