import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A chart in a bordered panel: its title and, on the right, a short line on what it shows. */
export function ChartPanel({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <Paper withBorder p="xs" radius="sm">
      <Group justify="space-between" mb={4} gap="xs">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </Group>
      {children}
    </Paper>
  );
}
