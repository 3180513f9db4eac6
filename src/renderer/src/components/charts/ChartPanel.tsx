import { Badge, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ChartWarnings } from './ChartWarnings';

/**
 * A chart in a bordered panel: its title and, on the right, a short line on what it shows.
 * `anomalous`: the chart shades stretches where its series' anomaly score was at the alarm level,
 * and a legend badge says what the orange bands are. `warnings`: what the chart's answer lacks
 * (a remote store that did not answer), as a small sign beside the title.
 */
export function ChartPanel({
  title,
  hint,
  anomalous = false,
  warnings,
  children,
}: {
  title: string;
  hint: string;
  anomalous?: boolean;
  warnings?: readonly string[];
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="xs" radius="sm" data-chart={title} data-anomalous={anomalous}>
      <Group justify="space-between" mb={4} gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600}>
            {title}
          </Text>
          <ChartWarnings warnings={warnings} />
          {anomalous && (
            <Badge size="xs" color="orange" variant="light" title="Shaded: anomalous stretches (anomaly score at the alarm level)">
              anomalous
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </Group>
      {children}
    </Paper>
  );
}
