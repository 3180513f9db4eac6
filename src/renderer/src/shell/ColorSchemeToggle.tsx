import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme, type MantineBreakpoint } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

/** Flips between light and dark; Settings also offers "follow the system". */
export function ColorSchemeToggle({ visibleFrom }: { visibleFrom?: MantineBreakpoint }) {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon variant="default" size="md" onClick={() => setColorScheme(next)} aria-label={`Switch to ${next} theme`} visibleFrom={visibleFrom}>
        {computed === 'dark' ? <IconSun size={16} stroke={1.6} /> : <IconMoon size={16} stroke={1.6} />}
      </ActionIcon>
    </Tooltip>
  );
}
