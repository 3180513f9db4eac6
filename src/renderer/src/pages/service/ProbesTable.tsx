import { ActionIcon, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useShallow } from 'zustand/react/shallow';
import type { ProbeState } from '../../../../shared/types/monitoring';
import type { ServiceView } from '../../../../shared/types/service';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { HeartbeatBar } from '../../components/HeartbeatBar';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ToneBadge } from '../../components/StatusBadge';
import { formatSpan } from '../../format/duration';
import { messageOf } from '../../format/error-message';
import { formatLatency } from '../../format/metric-units';
import { probeName, probeStatusLook } from '../../format/probe-status';
import { applyProbeChanges, probesOf, useProbesStore } from '../../stores/probes-store';

type Action = 'probes.pause' | 'probes.resume' | 'probes.check';
const done: Record<Action, string> = { 'probes.pause': 'Paused', 'probes.resume': 'Resumed', 'probes.check': 'Checking' };

/** Each probe of a service: status in words, last check, latency, why it fails, and pause / resume / check now. */
export function ProbesTable({ service }: { service: ServiceView }) {
  const bridge = useBridge();
  const ids = service.probes.map((probe) => probe.id);
  const probes = useProbesStore(useShallow((state) => probesOf(state.byId, service.name, ids)));
  const act = (action: Action, probe: ProbeState): void => {
    bridge
      .invoke(action, { id: probe.id })
      .then((state) => {
        applyProbeChanges([state]);
        notifications.show({ color: 'gray', message: `${done[action]} ${probe.id}` });
      })
      .catch((error: unknown) => notifications.show({ color: 'red', title: `Could not ${action.slice(7)} ${probe.id}`, message: messageOf(error) }));
  };
  return (
    // Eight columns do not make a card: a phone scrolls the table within itself, the probe's name pinned.
    <ResponsiveTable phone="scroll" minWidth={900} withTableBorder highlightOnHover data-testid="probes-table">
      <Table.Thead>
        <Table.Tr>
          {['Probe', 'Status', 'Last checks', 'Target', 'Last check', 'Latency', 'Interval'].map((label) => (
            <ColumnHeader key={label} width={label === 'Last checks' ? 180 : undefined}>
              {label}
            </ColumnHeader>
          ))}
          <ColumnHeader align="right">Actions</ColumnHeader>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {probes.map((probe) => (
          <Table.Tr key={probe.id} data-testid={`probe-row-${probe.id}`} data-status={probe.status}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" ff="monospace" fw={600}>
                  {probeName(probe.id, service.name)}
                </Text>
                <Badge size="xs" variant="default" tt="none" style={{ flexShrink: 0, overflow: 'visible' }}>
                  {probe.kind}
                </Badge>
              </Group>
            </Table.Td>
            <Table.Td>
              <ToneBadge look={probeStatusLook(probe.status)} />
              {probe.reason !== null && (
                <Text
                  size="xs"
                  c={probe.status === 'down' ? 'red.8' : probe.status === 'paused' ? 'dimmed' : 'yellow.9'}
                  lineClamp={3}
                  maw={420}
                  data-testid={`probe-reason-${probe.id}`}
                >
                  {probe.reason}
                </Text>
              )}
              {probe.status === 'pending' && (
                <Text size="xs" c="dimmed">
                  retry {probe.failures} of {probe.retries}, every {formatSpan(probe.retryEveryMs)}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <HeartbeatBar service={service.name} probe={probe.id} count={30} height={14} />
            </Table.Td>
            <Table.Td>
              <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                {probe.target}
              </Text>
            </Table.Td>
            <Table.Td>
              {probe.lastCheckAt === null ? (
                <Text size="xs" c="dimmed">
                  not yet
                </Text>
              ) : (
                <RelativeTime at={probe.lastCheckAt} size="sm" />
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {formatLatency(probe.latencyMs)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{formatSpan(probe.everyMs)}</Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap" justify="flex-end">
                <Tooltip label="Check now">
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    aria-label={`check ${probe.id} now`}
                    data-thumb
                    disabled={probe.status === 'paused'}
                    onClick={() => act('probes.check', probe)}
                  >
                    <IconRefresh size={16} />
                  </ActionIcon>
                </Tooltip>
                {probe.status === 'paused' ? (
                  <Tooltip label="Resume: check again, starting now">
                    <ActionIcon variant="subtle" size="sm" aria-label={`resume ${probe.id}`} data-thumb onClick={() => act('probes.resume', probe)}>
                      <IconPlayerPlay size={16} />
                    </ActionIcon>
                  </Tooltip>
                ) : (
                  <Tooltip label="Pause: stop checking until resumed">
                    <ActionIcon variant="subtle" size="sm" aria-label={`pause ${probe.id}`} data-thumb onClick={() => act('probes.pause', probe)}>
                      <IconPlayerPause size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
