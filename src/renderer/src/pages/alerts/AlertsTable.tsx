import { ActionIcon, Badge, Box, Button, Group, Menu, Table, Text, Tooltip } from '@mantine/core';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { PHONE_BREAKPOINT } from '../../components/use-phone';
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
import classes from './AlertsTable.module.css';

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
    <>
      <Text size="xs" span data-testid="alert-ack-by">
        {alert.ack.by}, <RelativeTime at={alert.ack.at} size="xs" />
      </Text>
      {alert.ack.comment !== '' && (
        <Text size="xs" c="dimmed" lineClamp={2} data-testid="alert-ack-comment">
          “{alert.ack.comment}”
        </Text>
      )}
    </>
  );
}

/**
 * Labelled buttons in fixed slots: acknowledging or a state change never moves the next button
 * under the pointer (an empty slot keeps its width).
 */
function RowActions({
  alert,
  onHistory,
  onSilence,
  onAcknowledge,
}: {
  alert: AlertView;
  onHistory: () => void;
  onSilence: () => void;
  onAcknowledge: () => void;
}) {
  const bridge = useBridge();
  const active = alert.state !== 'resolved';
  // Acknowledging and silencing need operate; a viewer sees the buttons disabled, with the reason on hover.
  const operate = useCan('alerts.acknowledge');
  const why = (label: string): string => (operate.allowed ? label : `${label}: ${operate.reason ?? ''}`);
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Box w={ACK_SLOT} className={classes.slot}>
        {alert.state === 'firing' && alert.ack === null && (
          <Tooltip label={why('Acknowledge: no more reminders until it resolves')}>
            <Button
              variant="default"
              fullWidth
              leftSection={<IconCheck size={14} />}
              aria-label={`Acknowledge ${alert.alertname}`}
              {...deniedProps(operate)}
              onClick={guard(operate, onAcknowledge)}
              data-thumb
              data-testid="alert-ack"
            >
              Acknowledge
            </Button>
          </Tooltip>
        )}
        {active && alert.ack !== null && (
          <Tooltip label={why(`Take back ${alert.ack.by}'s acknowledgement: reminders resume`)}>
            <Button
              variant="subtle"
              color="gray"
              fullWidth
              aria-label={`Take back the acknowledgement of ${alert.alertname}`}
              {...deniedProps(operate)}
              onClick={guard(operate, () => void unacknowledge(bridge, alert))}
              data-thumb
              data-testid="alert-unack"
            >
              Unacknowledge
            </Button>
          </Tooltip>
        )}
      </Box>
      <Box w={SILENCE_SLOT} className={classes.slot}>
        {active && (
          <Tooltip label={why('Silence alerts like this one: choose matchers, how long and why')}>
            <Button
              variant="default"
              fullWidth
              leftSection={<IconBellOff size={14} />}
              aria-label={`Silence ${alert.alertname}`}
              {...deniedProps(operate)}
              onClick={guard(operate, onSilence)}
              data-thumb
              data-testid="alert-silence"
            >
              Silence…
            </Button>
          </Tooltip>
        )}
      </Box>
      {/* On a phone the history is in the menu: the two buttons a thumb needs get the room. */}
      <Tooltip label="History">
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`History of ${alert.alertname}`}
          onClick={onHistory}
          visibleFrom={PHONE_BREAKPOINT}
          data-testid="alert-history"
        >
          <IconHistory size={16} />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="More">
            <ActionIcon variant="subtle" color="gray" aria-label={`More for ${alert.alertname}`} data-thumb data-testid="alert-more">
              <IconDots size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          {active && (
            <Menu.Item disabled={!operate.allowed} onClick={guard(operate, () => void quickSilence(bridge, alert, '1h'))}>
              Silence exactly this alert for 1 hour
            </Menu.Item>
          )}
          {active && (
            <Menu.Item disabled={!operate.allowed} onClick={guard(operate, () => void quickSilence(bridge, alert, '4h'))}>
              Silence exactly this alert for 4 hours
            </Menu.Item>
          )}
          {alert.state === 'firing' && alert.ack === null && (
            <Menu.Item disabled={!operate.allowed} onClick={guard(operate, () => void acknowledge(bridge, alert))}>
              Acknowledge without a comment
            </Menu.Item>
          )}
          <Menu.Item onClick={onHistory} data-testid="alert-menu-history">
            Show history
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

const ACK_SLOT = 140;
const SILENCE_SLOT = 116;

/** Alerts in a dense sortable table, worst first, with ack, silence and history per row. */
export function AlertsTable({
  alerts,
  onHistory,
  onSilence,
  onAcknowledge,
}: {
  alerts: readonly AlertView[];
  onHistory: (alert: AlertView) => void;
  onSilence: (alert: AlertView) => void;
  onAcknowledge: (alert: AlertView) => void;
}) {
  const [sort, setSort] = useState<SortState<Column>>({ key: 'state', direction: 'asc' });
  const rows = useMemo(() => sortRows(alerts, sortValueOf[sort.key], sort.direction), [alerts, sort]);
  const header = (key: Column, label: string, width?: number) => (
    <SortableHeader key={key} width={width} active={sort.key === key} direction={sort.direction} onSort={() => setSort((current) => nextSort(current, key))}>
      {label}
    </SortableHeader>
  );
  return (
    <ResponsiveTable phone="cards" stickyHeader stickyHeaderOffset={48} highlightOnHover withTableBorder data-testid="alerts-table">
      <Table.Thead>
        <Table.Tr>
          {header('state', 'State', 110)}
          {header('alert', 'Alert')}
          {header('value', 'Value', 90)}
          {header('since', 'Since', 190)}
          <ColumnHeader width={150}>Acknowledged</ColumnHeader>
          <ColumnHeader width={ACK_SLOT + SILENCE_SLOT + 80} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((alert) => (
          <Table.Tr key={`${alert.ruleId}/${alert.fingerprint}`} data-testid={`alert-row-${alert.alertname}`} data-state={alert.state}>
            <Table.Td>
              <StateBadge look={alertLook(alert)} testId="alert-state" />
            </Table.Td>
            <Table.Td data-card="full">
              <AlertCell alert={alert} />
            </Table.Td>
            <Table.Td data-label="Value">
              <Text size="sm" ff="monospace">
                {formatValue(alert.value)}
              </Text>
            </Table.Td>
            <Table.Td data-label="Since">
              <SinceCell alert={alert} />
            </Table.Td>
            <Table.Td data-label="Acknowledged">
              <AckCell alert={alert} />
            </Table.Td>
            {/* Top-aligned: a row growing (a comment appears) does not move the buttons. */}
            <Table.Td className={classes.actions} data-card="full">
              <RowActions alert={alert} onHistory={() => onHistory(alert)} onSilence={() => onSilence(alert)} onAcknowledge={() => onAcknowledge(alert)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
