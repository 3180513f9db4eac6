import { Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ServiceView } from '../../../../shared/types/service';
import { SortableHeader } from '../../components/SortableHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatSpan } from '../../format/duration';
import { logsPath } from '../../format/log-level';
import { nextSort, sortRows, type SortState } from '../../format/sort';
import { sortValueOf, type ServiceColumn } from './service-columns';

const runnerLabel: Record<ServiceView['runner'], string> = { tmux: 'tmux', process: 'process', none: 'observed' };
const runnerHint: Record<ServiceView['runner'], string> = {
  tmux: 'Zervigo starts it in a tmux window',
  process: 'Zervigo starts it as a child process',
  none: 'No start command: Zervigo only watches it',
};

const columns: { key: ServiceColumn; label: string; width?: number }[] = [
  { key: 'name', label: 'Name', width: 200 },
  { key: 'status', label: 'Status', width: 120 },
  { key: 'dependsOn', label: 'Depends on' },
  { key: 'probes', label: 'Probes' },
  { key: 'runner', label: 'Runner', width: 110 },
];

function ProbesCell({ service }: { service: ServiceView }) {
  if (service.probes.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        none
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="wrap">
      {service.probes.map((probe) => (
        <Tooltip key={probe.id} label={`${probe.target} — every ${formatSpan(probe.everyMs)}`}>
          <Badge size="sm" variant="default" tt="none" fw={500}>
            {probe.kind} · {formatSpan(probe.everyMs)}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

/** The services as a dense, sortable table with a sticky header. */
export function ServicesTable({ services, highlighted }: { services: readonly ServiceView[]; highlighted: string | null }) {
  const [sort, setSort] = useState<SortState<ServiceColumn>>({ key: 'name', direction: 'asc' });
  const rows = useMemo(() => sortRows(services, sortValueOf[sort.key], sort.direction), [services, sort]);
  return (
    <Table stickyHeader stickyHeaderOffset={48} highlightOnHover withTableBorder data-testid="services-table">
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <SortableHeader
              key={column.key}
              width={column.width}
              active={sort.key === column.key}
              direction={sort.direction}
              onSort={() => setSort((current) => nextSort(current, column.key))}
            >
              {column.label}
            </SortableHeader>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((service) => (
          <Table.Tr key={service.name} data-testid={`service-row-${service.name}`} bg={service.name === highlighted ? 'var(--mantine-primary-color-light)' : undefined}>
            <Table.Td>
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="sm" fw={600} ff="monospace">
                  {service.name}
                </Text>
                <Tooltip label={`Logs of ${service.name}`}>
                  <Anchor href={`#${logsPath(service.name)}`} size="xs" aria-label={`Logs of ${service.name}`} data-testid={`service-logs-${service.name}`}>
                    <Group gap={2} wrap="nowrap">
                      <IconFileText size={14} stroke={1.6} />
                      logs
                    </Group>
                  </Anchor>
                </Tooltip>
              </Group>
              {service.description !== null && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {service.description}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <StatusBadge status={service.status} />
              {service.reason !== null && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {service.reason}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {service.dependsOn.length === 0 ? (
                <Text size="xs" c="dimmed">
                  —
                </Text>
              ) : (
                <Text size="sm" ff="monospace">
                  {service.dependsOn.join(', ')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <ProbesCell service={service} />
            </Table.Td>
            <Table.Td>
              <Tooltip label={runnerHint[service.runner]}>
                <Text size="sm" span>
                  {runnerLabel[service.runner]}
                </Text>
              </Tooltip>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
