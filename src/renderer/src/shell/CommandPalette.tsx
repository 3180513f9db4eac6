import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { Spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useBridge } from '../bridge/use-bridge';
import { alertCommandGroups } from '../pages/alerts/alert-command-actions';
import { useAlertsStore } from '../stores/alerts-store';
import { useServicesStore } from '../stores/services-store';
import { commandActions } from './command-actions';

/** Ctrl/Cmd+K: reach any page or service by typing a few letters. */
export function CommandPalette({ navigate, openShortcuts }: { navigate: (path: string) => void; openShortcuts: () => void }) {
  const services = useServicesStore((state) => state.services);
  const alerts = useAlertsStore((state) => state.alerts);
  const bridge = useBridge();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const actions = useMemo(
    () => [
      ...commandActions({
        services,
        navigate,
        openShortcuts,
        toggleTheme: () => setColorScheme(computed === 'dark' ? 'light' : 'dark'),
      }),
      ...alertCommandGroups(alerts, bridge),
    ],
    [services, navigate, openShortcuts, setColorScheme, computed, alerts, bridge],
  );
  return (
    <Spotlight
      actions={actions}
      shortcut={['mod + K']}
      tagsToIgnore={[]}
      nothingFound="Nothing matches. Try a page name or a service name."
      highlightQuery
      scrollable
      maxHeight={420}
      searchProps={{ leftSection: <IconSearch size={18} stroke={1.5} />, placeholder: 'Go to a page or a service, silence an alert…' }}
    />
  );
}
