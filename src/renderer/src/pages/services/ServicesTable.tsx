import { usePageHref } from '../../components/use-page-href';
import { ActionIcon, Anchor, Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { Fragment, useMemo, useState } from 'react';
import type { ServiceView } from '../../../../shared/types/service';
import { PendingRestartBadge } from '../../components/PendingRestartBadge';
import { SortableHeader } from '../../components/SortableHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { statusLook } from '../../format/service-status';
import { formatBytes } from '../../format/bytes';
import { formatSpan } from '../../format/duration';
import { formatPercent } from '../../format/operation';
import { nextSort, sortRows, type SortState } from '../../format/sort';
import { HeartbeatBar } from '../../components/HeartbeatBar';
import { Uptime } from '../../components/Uptime';
import { servicePath } from '../../shell/pages';
import { ReplicaList } from './ReplicaList';
import { hasLiveProcess, replicaTally } from './running-phase';
import { ServiceRowActions } from './ServiceRowActions';
import { sortValueOf, type ServiceColumn } from './service-columns';
import type { ControlAction } from './use-service-control';
import classes from './ServicesTable.module.css';

const runnerLabel: Record<ServiceView['runner'], string> = { tmux: 'in tmux', process: 'child process', none: 'observed only' };
const runnerHint: Record<ServiceView['runner'], string> = {
  tmux: 'Zervigo starts it in a tmux window',
  process: 'Zervigo starts it as a child process',
  none: 'No start command: Zervigo only watches it',
};

const columns: { key: ServiceColumn; label: string; width?: number; numeric?: boolean }[] = [
  { key: 'name', label: 'Name', width: 150 },
  { key: 'status', label: 'Status', width: 210 },
  { key: 'probes', label: 'Last checks', width: 150 },
  { key: 'pid', label: 'PID', width: 68, numeric: true },
  { key: 'uptime', label: 'Uptime', width: 84, numeric: true },
  { key: 'restarts', label: 'Restarts', width: 76, numeric: true },
  { key: 'cpu', label: 'CPU', width: 64, numeric: true },
  { key: 'memory', label: 'Memory', width: 76, numeric: true },
  { key: 'dependsOn', label: 'Depends on' },
];

/** How many checks the table's bars show. */
export const TABLE_BEATS = 20;

function Dim({ children }: { children: string }) {
  return (
    <Text size="xs" c="dimmed" span>
      {children}
    </Text>
  );
}

function ChecksCell({ service }: { service: ServiceView }) {
  if (service.probes.length === 0) {
    return (
      <Tooltip label="No probes: nothing checks that it works. Add one under probes: in the workspace file.">
        <Text size="xs" c="dimmed" span>
          no probes
        </Text>
      </Tooltip>
    );
  }
  return (
    <Stack gap={2}>
      <HeartbeatBar service={service.name} count={TABLE_BEATS} height={14} />
      <Text size="xs" c="dimmed" lineClamp={1}>
        {service.probes.map((probe) => `${probe.kind} · ${formatSpan(probe.everyMs)}`).join(', ')}
      </Text>
    </Stack>
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
          <Text size="xs" c={statusLook(service.status).tone === 'critical' ? 'red.7' : 'dimmed'} lineClamp={2} data-testid={`reason-${service.name}`}>
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
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const href = usePageHref();
  const toggle = (name: string): void =>
    setExpanded((current) => (current.has(name) ? new Set([...current].filter((entry) => entry !== name)) : new Set([...current, name])));
  return (
    <div className={classes.scroller}>
      {/* A phone gets a card per service: name, state, checks, its figures three to a line, actions. */}
      <ResponsiveTable
        phone="cards"
        cardColumns={3}
        stickyHeader
        stickyHeaderOffset={48}
        highlightOnHover
        withTableBorder
        data-testid="services-table"
        className={classes.table}
      >
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
            <Table.Th w={196}>
              <Text fw={600} size="xs" tt="uppercase" c="dimmed" ta="right">
                Actions
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((service) => {
            const runtime = service.runtime;
            // A replicated service's figures are its replicas': summed, the oldest start, how many are up.
            const live = hasLiveProcess(runtime);
            const tally = replicaTally(runtime);
            // A card leaves out the dashes: figures of a process that is not running, no dependencies.
            const processCell = live ? undefined : 'hide';
            const replicas = runtime?.replicas ?? [];
            const open = replicas.length > 0 && expanded.has(service.name);
            return (
              <Fragment key={service.name}>
                <Table.Tr
                  data-testid={`service-row-${service.name}`}
                  data-status={service.status}
                  bg={service.name === highlighted ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  <Table.Td data-card="full">
                    <Group gap={4} wrap="nowrap">
                      {replicas.length > 0 && (
                        <Tooltip label={open ? 'Hide its replicas' : `Show its ${replicas.length} replicas`}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size={20}
                            aria-expanded={open}
                            aria-controls={`replicas-of-${service.name}`}
                            aria-label={`${open ? 'Hide' : 'Show'} the ${replicas.length} replicas of ${service.name}`}
                            onClick={() => toggle(service.name)}
                            data-thumb
                            data-testid={`replicas-toggle-${service.name}`}
                          >
                            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                          </ActionIcon>
                        </Tooltip>
                      )}
                      {/* In a span: the name stays a link within a line of text, not a flex box of its own. */}
                      <span>
                        <Anchor href={href(servicePath(service.name))} size="sm" fw={600} ff="monospace" data-testid={`service-link-${service.name}`}>
                          {service.name}
                        </Anchor>
                      </span>
                      {replicas.length > 0 && (
                        <Text size="xs" c="dimmed" span>
                          ×{replicas.length}
                        </Text>
                      )}
                    </Group>
                    <Tooltip label={runtime?.tmuxTarget ? `${runnerHint[service.runner]} (${runtime.tmuxTarget})` : runnerHint[service.runner]}>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {/* What it is first: in a narrow column "child process ·…" said nothing. */}
                        {service.description === null ? runnerLabel[service.runner] : `${service.description} · ${runnerLabel[service.runner]}`}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td data-card="full">
                    <StatusCell service={service} busy={busy.has(service.name)} onReset={() => onAction('reset', service.name)} />
                  </Table.Td>
                  <Table.Td data-card="full" data-label="Last checks">
                    <ChecksCell service={service} />
                  </Table.Td>
                  <Table.Td className={classes.numeric} data-label="PID" data-card={processCell} data-testid={`pid-${service.name}`}>
                    {live && tally !== null ? (
                      <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
                        {tally}
                      </Text>
                    ) : live ? (
                      <Text size="sm" ff="monospace" span>
                        {runtime.pid}
                      </Text>
                    ) : (
                      <Dim>—</Dim>
                    )}
                  </Table.Td>
                  <Table.Td className={classes.numeric} data-label="Uptime" data-card={processCell}>
                    {live && runtime.startedAt !== null ? <Uptime since={runtime.startedAt} size="sm" data-testid={`uptime-${service.name}`} /> : <Dim>—</Dim>}
                  </Table.Td>
                  <Table.Td
                    className={classes.numeric}
                    data-label="Restarts"
                    data-card={runtime === null ? 'hide' : undefined}
                    data-testid={`restarts-${service.name}`}
                  >
                    {runtime === null ? (
                      <Dim>—</Dim>
                    ) : (
                      <Tooltip
                        label={
                          runtime.failures > 0
                            ? `${runtime.failures} failure${runtime.failures === 1 ? '' : 's'} in a row`
                            : 'automatic restarts since Zervigo took it over'
                        }
                      >
                        <Text size="sm" span c={runtime.restarts > 0 ? 'yellow.8' : undefined}>
                          {runtime.restarts}
                        </Text>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td className={classes.numeric} data-label="CPU" data-card={processCell}>
                    {live && runtime.cpuPercent !== null ? (
                      <Text size="sm" span>
                        {formatPercent(runtime.cpuPercent)}
                      </Text>
                    ) : (
                      <Dim>—</Dim>
                    )}
                  </Table.Td>
                  <Table.Td className={classes.numeric} data-label="Memory" data-card={processCell}>
                    {live && runtime.memoryBytes !== null ? (
                      <Text size="sm" span>
                        {formatBytes(runtime.memoryBytes)}
                      </Text>
                    ) : (
                      <Dim>—</Dim>
                    )}
                  </Table.Td>
                  <Table.Td data-label="Depends on" data-card={service.dependsOn.length === 0 ? 'hide' : undefined}>
                    {service.dependsOn.length === 0 ? (
                      <Dim>—</Dim>
                    ) : (
                      <Text size="sm" ff="monospace">
                        {service.dependsOn.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td data-card="full">
                    <ServiceRowActions
                      service={service}
                      busy={busy.has(service.name)}
                      onAction={(action) => onAction(action, service.name)}
                      onTerminal={() => onTerminal(service)}
                      onOutput={() => onOutput(service.name)}
                    />
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr data-testid={`replica-rows-${service.name}`} className={classes.replicaRow}>
                    <Table.Td colSpan={columns.length + 1} data-card="full">
                      <ReplicaList service={service.name} replicas={replicas} id={`replicas-of-${service.name}`} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </ResponsiveTable>
    </div>
  );
}
