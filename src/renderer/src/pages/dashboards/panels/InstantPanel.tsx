import { Box, Group, RingProgress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { Panel } from '../../../../../shared/dashboards/dashboard';
import { legendOf } from '../../../../../shared/dashboards/variables';
import { CenteredLoader } from '../../../components/CenteredLoader';
import { seriesName } from '../../explore/series-name';
import { cssColor, thresholdColor, unitOfPanel } from '../panel-format';
import { useInstantQuery, valuesOf, type InstantValue } from '../use-instant-query';
import { PanelMessage } from './PanelMessage';

const nameOf = (panel: Panel, one: InstantValue): string => legendOf(panel.legend, one.labels) ?? seriesName(one.labels);

/**
 * The kinds that show values at the end of the range: stat (big numbers), gauge (a ring between
 * min and max), bar (one bar per series) and table (labels and value). Colours from thresholds.
 */
export function InstantPanel({ panel, query, time, height }: { panel: Panel; query: string; time: number; height: number }) {
  const state = useInstantQuery(query, time);
  if (state.status === 'loading') return <CenteredLoader />;
  if (state.status === 'error') return <PanelMessage error>{state.message}</PanelMessage>;
  const values = valuesOf(state.result)
    .filter((one) => Number.isFinite(one.value))
    .slice(0, 200);
  if (values.length === 0) return <PanelMessage>No series has a value now</PanelMessage>;
  const unit = unitOfPanel({ ...panel, query });
  const colorOf = (value: number): string | undefined => {
    const color = thresholdColor(value, panel.thresholds, panel.color);
    return color === null ? undefined : cssColor(color);
  };
  switch (panel.kind) {
    case 'stat': {
      const size = values.length === 1 ? Math.min(height * 0.45, 56) : Math.min(height / (values.length + 1), 32);
      return (
        <Group justify="space-around" align="center" h="100%" wrap="wrap" gap="xs" data-testid="panel-stat">
          {values.map((one) => (
            <Stack key={seriesName(one.labels)} gap={0} align="center" miw={0}>
              <Text fw={700} fz={Math.max(size, 16)} lh={1.1} c={colorOf(one.value)} data-testid="panel-stat-value">
                {unit.format(one.value)}
              </Text>
              {values.length > 1 && (
                <Text size="xs" c="dimmed" truncate maw={220}>
                  {nameOf(panel, one)}
                </Text>
              )}
            </Stack>
          ))}
        </Group>
      );
    }
    case 'gauge': {
      const min = panel.min ?? 0;
      const max = panel.max ?? (panel.unit === 'ratio' ? 1 : 100);
      const ring = Math.max(Math.min(height - 24, 160), 60);
      return (
        <Group justify="space-around" align="center" h="100%" wrap="wrap" gap="xs" data-testid="panel-gauge">
          {values.slice(0, 8).map((one) => {
            const share = max > min ? Math.min(Math.max(((one.value - min) / (max - min)) * 100, 0), 100) : 0;
            return (
              <Stack key={seriesName(one.labels)} gap={0} align="center">
                <RingProgress
                  size={ring}
                  thickness={Math.max(ring / 10, 6)}
                  roundCaps
                  sections={[{ value: share, color: colorOf(one.value) ?? 'var(--mantine-color-blue-6)' }]}
                  label={
                    <Text ta="center" fw={700} size={ring > 100 ? 'lg' : 'sm'}>
                      {unit.format(one.value)}
                    </Text>
                  }
                />
                {values.length > 1 && (
                  <Text size="xs" c="dimmed" truncate maw={ring}>
                    {nameOf(panel, one)}
                  </Text>
                )}
              </Stack>
            );
          })}
        </Group>
      );
    }
    case 'bar': {
      const top = Math.max(...values.map((one) => Math.abs(one.value)), panel.max ?? 0) || 1;
      return (
        <ScrollArea h="100%" data-testid="panel-bar">
          <Stack gap={6}>
            {values.map((one) => (
              <Box key={seriesName(one.labels)}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="xs" truncate miw={0}>
                    {nameOf(panel, one)}
                  </Text>
                  <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {unit.format(one.value)}
                  </Text>
                </Group>
                <Box h={8} bg="var(--mantine-color-default-border)" style={{ borderRadius: 4 }}>
                  <Box
                    h={8}
                    w={`${Math.min((Math.abs(one.value) / top) * 100, 100)}%`}
                    bg={colorOf(one.value) ?? 'var(--mantine-color-blue-6)'}
                    style={{ borderRadius: 4 }}
                  />
                </Box>
              </Box>
            ))}
          </Stack>
        </ScrollArea>
      );
    }
    default:
      return (
        <ScrollArea h="100%" data-testid="panel-table">
          <Table striped highlightOnHover fz="xs" stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Series</Table.Th>
                <Table.Th ta="right">Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {values.map((one) => (
                <Table.Tr key={seriesName(one.labels)}>
                  <Table.Td style={{ fontFamily: 'var(--mantine-font-family-monospace)', overflowWrap: 'anywhere' }}>{nameOf(panel, one)}</Table.Td>
                  <Table.Td ta="right" c={colorOf(one.value)} fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {unit.format(one.value)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      );
  }
}
