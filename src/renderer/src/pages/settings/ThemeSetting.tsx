import { Paper, SegmentedControl, Stack, Text, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';

const choices: { value: MantineColorScheme; label: string }[] = [
  { value: 'auto', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Light, dark, or whatever the OS says; kept in this browser's / window's local storage. */
export function ThemeSetting() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Theme
        </Text>
        <SegmentedControl size="xs" w="fit-content" data={choices} value={colorScheme} onChange={(value) => setColorScheme(value)} data-testid="theme-choice" />
        <Text size="xs" c="dimmed">
          Remembered on this device. On a wider screen the header&apos;s sun/moon button flips between light and dark too.
        </Text>
      </Stack>
    </Paper>
  );
}
