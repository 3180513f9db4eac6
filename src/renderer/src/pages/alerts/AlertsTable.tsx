import { ActionIcon, Badge, Group, Menu, Table, Text, Tooltip } from '@mantine/core';
import { IconBellOff, IconCheck, IconDots, IconHistory } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { AlertView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { StateBadge } from '../../components/AlertStateBadge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { SortableHeader } from '../../components/SortableHeader';
import { alertLook, extraLabels, formatValue } from '../../format/alert-look';
import { nextSort, sortRows, type SortState, type SortValue } from '../../format/sort';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { acknowledge, quickSilence, unacknowledge } from './alert-actions';

type Column = 'state' | 'alert' | 'value' | 'since';

const stateOrder = (alert: AlertView): number => {
  const look = alertLook(alert);
  return look.tone === 'critical' ? 0 : look.label === 'firing' ? 1 : look.label === 'pending' ? 2 : look.tone === 'neutral' ? 3 : 4;
};

const sortValueOf: Record<Column, (alert: AlertView) => SortValue> = {
  state: stateOrder,
  alert: (alert) => alert.alertname,
  value: (alert) => alert.value ?? Number.NEGATIVE_INFINITY,
  since: (alert) => -(alert.resolvedAt ?? alert.firedAt ?? alert.activeAt),
};

function Flag({ word, color, hint }: { word: string; color: string; hint: string }) {
  return (
    <Tooltip label={hint}>
      <Badge size="xs" color={color} variant={color === 'gray' ? 'outline' : 'light'}>
        {word}
      </Badge>
    </Tooltip>
  );
}

function AlertCell({ alert }: { alert: AlertView }) {
  const summary = alert.annotations.summary ?? alert.annotations.description;
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={600} ff="monospace">
          {alert.alertname}
        </Text>
        {alert.severity !== null && (
          <Text size="xs" c="dimmed">
            {alert.severity}
          </Text>
        )}
        {alert.flapping && <Flag word="flapping" color="orange" hint="It changed state too often lately: held back from paging until it settles." />}
        {alert.muted && <Flag word="muted" color="gray" hint="Its route is in a mute time window: not notified now." />}
      </Group>
      <Group gap={4} mt={2}>
        {extraLabels(alert).map(([key, value]) => (
          <Badge key={key} size="xs" variant="default" tt="none" fw={500}>
            {key}={value}
          </Badge>
        ))}
      </Group>
      {summary !== undefined && (
        <Text size="xs" c="dimmed" mt={2} lineClamp={2}>
          {summary}
        </Text>
      )}
    </>
  );
}

function SinceCell({ alert }: { alert: AlertView }) {
  if (alert.state === 'resolved' && alert.resolvedAt !== null) {
    return (
      <Text size="xs" span>
        resolved <RelativeTime at={alert.resolvedAt} size="xs" />
      </Text>
    );
  }
  const at = alert.firedAt ?? alert.activeAt;
  return (
    <>
      <Text size="xs" span>
        {alert.state === 'firing' ? 'firing' : 'pending'} since <RelativeTime at={at} size="xs" />
      </Text>
      {alert.keepFiringSince !== null && (
        <Text size="xs" c="dimmed">
          condition gone <RelativeTime at={alert.keepFiringSince} size="xs" />, held by keep_firing_for
        </Text>
      )}
    </>
  );
}

function AckCell({ alert }: { alert: AlertView }) {
  if (alert.ack === null) {
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Tooltip label={alert.ack.comment === '' ? 'No reminders until it resolves' : alert.ack.comment}>
      <Text size="xs" span>
        {alert.ack.by}, <RelativeTime at={alert.ack.at} size="xs" />
      </Text>
    </Tooltip>
  );
}

function RowActions({ alert, onHistory, onSilence }: { alert: AlertView; onHistory: () => void; onSilence: () => void }) {
  const bridge = useBridge();
  const active = alert.state !== 'resolved';
  const operate = useCan('alerts.acknowledge');
  const why = (label: string): string => (operate.allowed ? label : `${label}: ${operate.reason ?? ''}`);
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      {alert.state === 'firing' && alert.ack === null && (
        <Tooltip label={why('Acknowledge: no more reminders until it resolves')}>
          <ActionIcon variant="subtle" color="gray" aria-label={`Acknowledge ${alert.alertname}`} {...deniedProps(operate)} onClick={guard(operate, () => void acknowledge(bridge, alert))} data-testid="alert-ack">
            <IconCheck size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {active && (
        <Tooltip label={why('Silence this alert for 1 hour')}>
          <ActionIcon variant="subtle" color="gray" aria-label={`Silence ${alert.alertname} for 1 hour`} {...deniedProps(operate)} onClick={guard(operate, () => void quickSilence(bridge, alert, '1h'))} data-testid="alert-silence">
            <IconBellOff size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Tooltip label="History">
        <ActionIcon variant="subtle" color="gray" aria-label={`History of ${alert.alertname}`} onClick={onHistory} data-testid="alert-history">
          <IconHistory size={16} />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More for ${alert.alertname}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {active && <Menu.Item onClick={() => void quickSilence(bridge, alert, '4h')}>Silence for 4 hours</Menu.Item>}
          {active && <Menu.Item onClick={() => void quickSilence(bridge, alert, '1d')}>Silence for a day</Menu.Item>}
          {active && <Menu.Item onClick={onSilence}>Silence with matchers…</Menu.Item>}
          {active && alert.ack !== null && <Menu.Item onClick={() => void unacknowledge(bridge, alert)}>Take back the acknowledgement</Menu.Item>}
          <Menu.Item onClick={onHistory}>Show history</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** Alerts in a dense sortable table, worst first, with ack, silence and history per row. */
export function AlertsTable({ alerts, onHistory, onSilence }: { alerts: readonly AlertView[]; onHistory: (alert: AlertView) => void; onSilence: (alert: AlertView) => void }) {
  const [sort, setSort] = useState<SortState<Column>>({ key: 'state', direction: 'asc' });
  const rows = useMemo(() => sortRows(alerts, sortValueOf[sort.key], sort.direction), [alerts, sort]);
  const header = (key: Column, label: string, width?: number) => (
    <SortableHeader key={key} width={width} active={sort.key === key} direction={sort.direction} onSort={() => setSort((current) => nextSort(current, key))}>
      {label}
    </SortableHeader>
  );
  return (
    <Table stickyHeader stickyHeaderOffset={48} highlightOnHover withTableBorder data-testid="alerts-table">
      <Table.Thead>
        <Table.Tr>
          {header('state', 'State', 110)}
          {header('alert', 'Alert')}
          {header('value', 'Value', 90)}
          {header('since', 'Since', 190)}
          <ColumnHeader width={150}>Acknowledged</ColumnHeader>
          <ColumnHeader width={130} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((alert) => (
          <Table.Tr key={`${alert.ruleId}/${alert.fingerprint}`} data-testid={`alert-row-${alert.alertname}`} data-state={alert.state}>
            <Table.Td>
              <StateBadge look={alertLook(alert)} testId="alert-state" />
            </Table.Td>
            <Table.Td>
              <AlertCell alert={alert} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {formatValue(alert.value)}
              </Text>
            </Table.Td>
            <Table.Td>
              <SinceCell alert={alert} />
            </Table.Td>
            <Table.Td>
              <AckCell alert={alert} />
            </Table.Td>
            <Table.Td>
              <RowActions alert={alert} onHistory={() => onHistory(alert)} onSilence={() => onSilence(alert)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
