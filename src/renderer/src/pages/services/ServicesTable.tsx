import { Anchor, Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ServiceView } from '../../../../shared/types/service';
import { PendingRestartBadge } from '../../components/PendingRestartBadge';
import { SortableHeader } from '../../components/SortableHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format/bytes';
import { formatSpan } from '../../format/duration';
import { logsPath } from '../../format/log-level';
import { formatPercent } from '../../format/operation';
import { nextSort, sortRows, type SortState } from '../../format/sort';
import { formatAbsoluteTime } from '../../format/time';
import { useNow } from '../../stores/clock-store';
import { ServiceRowActions } from './ServiceRowActions';
import { sortValueOf, type ServiceColumn } from './service-columns';
import type { ControlAction } from './use-service-control';
import classes from './ServicesTable.module.css';

const runnerLabel: Record<ServiceView['runner'], string> = { tmux: 'tmux', process: 'process', none: 'observed' };
const runnerHint: Record<ServiceView['runner'], string> = {
  tmux: 'Zervigo starts it in a tmux window',
  process: 'Zervigo starts it as a child process',
  none: 'No start command: Zervigo only watches it',
};

const columns: { key: ServiceColumn; label: string; width?: number; numeric?: boolean }[] = [
  { key: 'name', label: 'Name', width: 150 },
  { key: 'status', label: 'Status', width: 230 },
  { key: 'pid', label: 'PID', width: 70, numeric: true },
  { key: 'uptime', label: 'Uptime', width: 80, numeric: true },
  { key: 'restarts', label: 'Restarts', width: 80, numeric: true },
  { key: 'cpu', label: 'CPU', width: 64, numeric: true },
  { key: 'memory', label: 'Memory', width: 76, numeric: true },
  { key: 'dependsOn', label: 'Depends on' },
  { key: 'probes', label: 'Probes' },
  { key: 'runner', label: 'Runner', width: 80 },
];

function Dim({ children }: { children: string }) {
  return (
    <Text size="xs" c="dimmed" span>
      {children}
    </Text>
  );
}

function ProbesCell({ service }: { service: ServiceView }) {
  if (service.probes.length === 0) return <Dim>none</Dim>;
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

function StatusCell({ service, onReset, busy }: { service: ServiceView; onReset: () => void; busy: boolean }) {
  const runtime = service.runtime;
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <StatusBadge status={service.status} waitingFor={service.waitingFor} />
        {runtime?.adopted === true && (
          <Tooltip label="Found already running (tmux window, pid file or port) and taken over, not started twice">
            <Badge size="xs" variant="outline" color="gray" tt="none">
              adopted
            </Badge>
          </Tooltip>
        )}
        {service.status === 'given_up' && (
          <Button size="compact-xs" variant="light" color="red" onClick={onReset} loading={busy} data-testid={`reset-${service.name}`}>
            Reset
          </Button>
        )}
      </Group>
      {service.pendingRestart !== null && (
        <Group mt={4}>
          <PendingRestartBadge service={service} />
        </Group>
      )}
      {service.reason !== null && (
        <Tooltip label={service.reason} multiline maw={420} openDelay={500}>
          <Text size="xs" c={service.status === 'given_up' || service.status === 'down' ? 'red.7' : 'dimmed'} lineClamp={2} data-testid={`reason-${service.name}`}>
            {service.reason}
          </Text>
        </Tooltip>
      )}
    </>
  );
}

/** The services as a dense, sortable table: state, process figures and what can be done to each. */
export function ServicesTable({
  services,
  highlighted,
  busy,
  onAction,
  onTerminal,
  onOutput,
}: {
  services: readonly ServiceView[];
  highlighted: string | null;
  busy: ReadonlySet<string>;
  onAction: (action: ControlAction, service: string) => void;
  onTerminal: (service: ServiceView) => void;
  onOutput: (service: string) => void;
}) {
  const [sort, setSort] = useState<SortState<ServiceColumn>>({ key: 'name', direction: 'asc' });
  const rows = useMemo(() => sortRows(services, sortValueOf[sort.key], sort.direction), [services, sort]);
  const now = useNow();
  return (
    <Table stickyHeader stickyHeaderOffset={48} highlightOnHover withTableBorder data-testid="services-table" className={classes.table}>
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
          <Table.Th w={128} aria-label="Actions" />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((service) => {
          const runtime = service.runtime;
          const live = runtime !== null && runtime.pid !== null;
          return (
            <Table.Tr
              key={service.name}
              data-testid={`service-row-${service.name}`}
              data-status={service.status}
              bg={service.name === highlighted ? 'var(--mantine-primary-color-light)' : undefined}
            >
              <Table.Td>
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Anchor href={`#/services/${encodeURIComponent(service.name)}`} size="sm" fw={600} ff="monospace" data-testid={`service-link-${service.name}`}>
                    {service.name}
                  </Anchor>
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
                <StatusCell service={service} busy={busy.has(service.name)} onReset={() => onAction('reset', service.name)} />
              </Table.Td>
              <Table.Td className={classes.numeric} data-testid={`pid-${service.name}`}>
                {live ? <Text size="sm" ff="monospace" span>{runtime.pid}</Text> : <Dim>—</Dim>}
              </Table.Td>
              <Table.Td className={classes.numeric}>
                {live && runtime.startedAt !== null ? (
                  <Tooltip label={`since ${formatAbsoluteTime(runtime.startedAt)}`}>
                    <Text size="sm" span>
                      {now - runtime.startedAt < 1_000 ? '< 1 s' : formatSpan(now - runtime.startedAt)}
                    </Text>
                  </Tooltip>
                ) : (
                  <Dim>—</Dim>
                )}
              </Table.Td>
              <Table.Td className={classes.numeric} data-testid={`restarts-${service.name}`}>
                {runtime === null ? (
                  <Dim>—</Dim>
                ) : (
                  <Tooltip label={runtime.failures > 0 ? `${runtime.failures} failure${runtime.failures === 1 ? '' : 's'} in a row` : 'automatic restarts since Zervigo took it over'}>
                    <Text size="sm" span c={runtime.restarts > 0 ? 'yellow.8' : undefined}>
                      {runtime.restarts}
                    </Text>
                  </Tooltip>
                )}
              </Table.Td>
              <Table.Td className={classes.numeric}>{live && runtime.cpuPercent !== null ? <Text size="sm" span>{formatPercent(runtime.cpuPercent)}</Text> : <Dim>—</Dim>}</Table.Td>
              <Table.Td className={classes.numeric}>{live && runtime.memoryBytes !== null ? <Text size="sm" span>{formatBytes(runtime.memoryBytes)}</Text> : <Dim>—</Dim>}</Table.Td>
              <Table.Td>
                {service.dependsOn.length === 0 ? (
                  <Dim>—</Dim>
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
                <Tooltip label={runtime?.tmuxTarget ? `${runnerHint[service.runner]} (${runtime.tmuxTarget})` : runnerHint[service.runner]}>
                  <Text size="sm" span>
                    {runnerLabel[service.runner]}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                <ServiceRowActions
                  service={service}
                  busy={busy.has(service.name)}
                  onAction={(action) => onAction(action, service.name)}
                  onTerminal={() => onTerminal(service)}
                  onOutput={() => onOutput(service.name)}
                />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
