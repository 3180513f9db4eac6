import { Alert, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPhoneCall } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { nextStepWords } from '../../../shared/escalation-next-step';
import type { EscalationView, OnCallScheduleView } from '../../../shared/types/oncall';
import type { RendererBridge } from '../bridge/renderer-bridge';
import { useBridge } from '../bridge/use-bridge';
import { ExampleEmptyState } from '../components/ExampleEmptyState';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { formatAbsoluteTime } from '../format/time';
import { messageOf } from '../format/error-message';
import { toneColor, type Tone } from '../format/service-status';
import { ExampleCode } from '../components/ExampleCode';
import { AcknowledgePageButton, acknowledgeable } from './oncall/AcknowledgePageButton';

const DAY_MS = 86_400_000;

const EXAMPLE = `on_call:
  contacts: { alice: [alice-hook], bob: [bob-mail] }
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers: [{ people: [alice, bob], length: weekly, hand_off: "09:00", start: "2026-11-02" }]
  escalations:
    primary:
      levels: [{ schedule: primary, after: 10m }, { person: bob, after: 15m }]
routes:
  - match: { severity: critical }
    notify: [oncall:primary]`;

const stateLook: Record<EscalationView['state'], { tone: Tone; word: string }> = {
  pending: { tone: 'critical', word: 'escalating' },
  acknowledged: { tone: 'ok', word: 'acknowledged' },
  resolved: { tone: 'ok', word: 'resolved' },
  exhausted: { tone: 'warning', word: 'nobody answered' },
};

function ScheduleCard({ view }: { view: OnCallScheduleView }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={`oncall-schedule-${view.name}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="h5">
          {view.name}
        </Title>
        <Text size="xs" c="dimmed">
          {view.timeZone} ·{' '}
          {view.layers
            .map(
              (layer) =>
                `${layer.people.join(' → ')} every ${layer.lengthDays === 7 ? 'week' : `${layer.lengthDays} d`} at ${layer.handOff}` +
                (layer.restrictions.length > 0 ? `, only ${layer.restrictions.join(' and ')}` : ''),
            )
            .join('; ')}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover stickyHeader verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>On call</Table.Th>
              <Table.Th>By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.shifts.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    Nobody is on call in the next 14 days.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {view.shifts.map((shift) => (
              <Table.Tr key={`${shift.start}-${shift.person}`}>
                <Table.Td>{formatAbsoluteTime(shift.start)}</Table.Td>
                <Table.Td>{formatAbsoluteTime(shift.end)}</Table.Td>
                <Table.Td fw={600}>{shift.person}</Table.Td>
                <Table.Td>
                  {shift.source === 'override' ? (
                    <Badge size="sm" variant="light" color={toneColor.warning}>
                      override
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      layer {shift.layer}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {view.overrides.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          Overrides:{' '}
          {view.overrides.map((override) => `${override.person} ${formatAbsoluteTime(override.from)} → ${formatAbsoluteTime(override.to)}`).join('; ')}
        </Text>
      )}
    </Paper>
  );
}

function EscalationRow({ view }: { view: EscalationView }) {
  const look = stateLook[view.state];
  return (
    <Paper withBorder p="sm" radius="md" data-testid="oncall-escalation">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge size="sm" color={toneColor[look.tone]} variant="light">
            {look.word}
          </Badge>
          <Text size="sm" fw={600}>
            {view.title}
          </Text>
          <Text size="xs" c="dimmed">
            #{view.id} via {view.policy}, level {view.level} of {view.levels}
          </Text>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Text size="xs" c="dimmed">
            {view.acknowledgedBy !== null && view.acknowledgedAt !== null ? (
              <>
                acknowledged by {view.acknowledgedBy} <RelativeTime at={view.acknowledgedAt} size="xs" />
              </>
            ) : view.nextAt !== null && view.next !== null ? (
              <>
                {nextStepWords(view.next)} <RelativeTime at={view.nextAt} future size="xs" />
              </>
            ) : null}
          </Text>
          {acknowledgeable(view) && <AcknowledgePageButton view={view} />}
        </Group>
      </Group>
      <Stack gap={0} mt={4}>
        {view.pages.map((page, i) => (
          <Text key={i} size="xs" c={page.outcome === 'skipped' ? 'orange' : 'dimmed'}>
            {formatAbsoluteTime(page.at)} — {page.message}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

/** Every schedule's shifts for the next two weeks, and the escalations. */
async function readOnCall(bridge: RendererBridge): Promise<{ schedules: OnCallScheduleView[]; escalations: EscalationView[] }> {
  const now = await bridge.invoke('oncall.now');
  const from = Date.now();
  const schedules = await Promise.all(now.map((view) => bridge.invoke('oncall.shifts', { schedule: view.schedule, from, to: from + 14 * DAY_MS })));
  return { schedules, escalations: await bridge.invoke('oncall.escalations', { state: 'all', limit: 50 }) };
}

/** On-call: each schedule's shifts for the next two weeks (overrides marked), and the escalations, pending first. */
export function OnCallPage() {
  const bridge = useBridge();
  const [schedules, setSchedules] = useState<OnCallScheduleView[] | null>(null);
  const [escalations, setEscalations] = useState<EscalationView[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const read = (): void =>
      void readOnCall(bridge).then(
        (next) => {
          if (!alive) return;
          setSchedules(next.schedules);
          setEscalations(next.escalations);
          setError(null);
        },
        (failure: unknown) => alive && setError(messageOf(failure)),
      );
    read();
    const unsubscribes = [bridge.subscribe('oncall.changed', read), bridge.subscribe('workspace.changed', read)];
    return () => {
      alive = false;
      unsubscribes.forEach((unsubscribe) => unsubscribe());
    };
  }, [bridge]);

  return (
    <div data-testid="oncall-page">
      <PageHeader title="On-call" description="Who is on call for the next two weeks, and the escalations: who was paged, who acknowledged." />
      {error !== null && (
        <Alert color="red" mb="md">
          {error}
        </Alert>
      )}
      {schedules !== null && schedules.length === 0 && (
        <ExampleEmptyState
          testId="oncall-empty"
          icon={<IconPhoneCall size={26} />}
          title="No on-call schedules yet"
          description="Schedules and escalation policies live in the workspace file under on_call:. Routes page through a policy as oncall:<policy>."
        >
          <ExampleCode testId="oncall-example">{EXAMPLE}</ExampleCode>
          <Text size="sm">
            Add it on the <a href="#/config">Config</a> page; people are the user names on the People page.
          </Text>
        </ExampleEmptyState>
      )}
      <Stack gap="md">
        {schedules?.map((view) => (
          <ScheduleCard key={view.name} view={view} />
        ))}
        {escalations.length > 0 && (
          <>
            <Title order={3} fz="h5" mt="sm">
              Escalations
            </Title>
            {escalations.map((view) => (
              <EscalationRow key={view.id} view={view} />
            ))}
          </>
        )}
      </Stack>
    </div>
  );
}
