import { Alert, Anchor, Badge, Box, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import type { IncidentView } from '../../../shared/types/incidents';
import { useBridge } from '../bridge/use-bridge';
import { usePageHref } from '../components/use-page-href';
import { CenteredLoader } from '../components/CenteredLoader';
import { ExampleEmptyState } from '../components/ExampleEmptyState';
import { ExplainButton } from '../components/evidence/ExplainButton';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { usePhone } from '../components/use-phone';
import { messageOf } from '../format/error-message';
import { matchesQuery } from '../format/sort';
import { useIncidentsStore } from '../stores/incidents-store';
import { causeKindColor, causeKindLabel } from './incidents/cause-words';
import { IncidentDetail } from './incidents/IncidentDetail';
import { IncidentSpan, IncidentStateBadge, symptomCounts } from './incidents/IncidentState';
import { ExampleCode } from '../components/ExampleCode';

type StatusFilter = 'all' | 'open' | 'resolved';

const exampleRules = `services:
  api:
    depends_on: [db]          # the graph the ranking walks
    probes: [{ http: "http://127.0.0.1:8080/health", every: 5s }]
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    labels: { severity: critical }`;

function TopCause({ incident }: { incident: IncidentView }) {
  const top = incident.causes[0];
  if (incident.confirmed !== null)
    return (
      <Group gap={6} wrap="wrap">
        <Badge color="green" variant="filled" size="xs">
          confirmed
        </Badge>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {incident.confirmed.target}
        </Text>
      </Group>
    );
  if (top === undefined)
    return (
      <Text size="sm" c="dimmed">
        {incident.note ?? 'no evidence yet'}
      </Text>
    );
  return (
    <Group gap={6} wrap="wrap" miw={0}>
      <Badge color={causeKindColor[top.kind]} variant="light" size="xs">
        {causeKindLabel[top.kind]}
      </Badge>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }} miw={0} data-testid="incident-top-cause">
        {top.target}
      </Text>
      <Text size="xs" c="dimmed">
        {top.score}
      </Text>
    </Group>
  );
}

function Holds({ incident }: { incident: IncidentView }) {
  const names = [
    ...incident.outages.map((outage) => `${outage.service} ${outage.status.replace('_', ' ')}`),
    ...incident.alerts.map((alert) => alert.alertname + (alert.service === null ? '' : ` (${alert.service})`)),
  ];
  return (
    <Stack gap={2} miw={0}>
      <Text size="sm">{symptomCounts(incident)}</Text>
      {names.length > 0 && (
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {names.join(', ')}
        </Text>
      )}
    </Stack>
  );
}

function IncidentsTable({ incidents }: { incidents: IncidentView[] }) {
  const [, navigate] = useLocation();
  const href = usePageHref();
  const phone = usePhone();
  return (
    <ResponsiveTable phone="cards" highlightOnHover stickyHeader={!phone} data-testid="incidents-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Services</Table.Th>
          <Table.Th>What it holds</Table.Th>
          <Table.Th>Top cause</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {incidents.map((incident) => (
          <Table.Tr
            key={incident.id}
            data-testid={`incident-row-${incident.id}`}
            data-status={incident.status}
            style={{ cursor: 'pointer' }}
            onClick={() => navigate(`/incidents/${incident.id}`)}
          >
            <Table.Td data-label="When" data-card="full">
              <Group gap="xs" wrap="nowrap">
                <Anchor href={href(`/incidents/${incident.id}`)} size="sm" fw={600} onClick={(event) => event.stopPropagation()} data-tap>
                  #{incident.id}
                </Anchor>
                <IncidentSpan incident={incident} />
              </Group>
            </Table.Td>
            <Table.Td data-label="State">
              <IncidentStateBadge incident={incident} />
            </Table.Td>
            <Table.Td data-label="Services">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {incident.services.join(', ')}
              </Text>
            </Table.Td>
            <Table.Td data-label="What it holds" data-card="full">
              <Holds incident={incident} />
            </Table.Td>
            <Table.Td data-label="Top cause" data-card="full">
              <TopCause incident={incident} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ResponsiveTable>
  );
}

/** An incident older than the list the store keeps: fetched on its own, and again when the list changes. */
function useIncident(id: number | null): { incident: IncidentView | null; error: string | null } {
  const bridge = useBridge();
  const listed = useIncidentsStore((state) => (id === null ? undefined : state.incidents.find((incident) => incident.id === id)));
  const [fetched, setFetched] = useState<IncidentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (id === null || listed !== undefined) return;
    let stale = false;
    bridge.invoke('incidents.get', { id }).then(
      (incident) => {
        if (!stale) setFetched(incident);
      },
      (failure: unknown) => {
        if (!stale) setError(messageOf(failure));
      },
    );
    return () => {
      stale = true;
    };
  }, [bridge, id, listed]);
  return { incident: listed ?? (fetched?.id === id ? fetched : null), error };
}

/**
 * Incidents, newest first: when, open or resolved, what each holds and its most likely cause;
 * `focus` opens one with its ranked causes and their evidence. Both follow `incidents.changed`.
 */
export function IncidentsPage({ focus }: { focus: number | null }) {
  const incidents = useIncidentsStore((state) => state.incidents);
  const load = useIncidentsStore((state) => state.load);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [filter, setFilter] = useState('');
  const focused = useIncident(focus);
  const href = usePageHref();
  const shown = useMemo(
    () =>
      incidents.filter(
        (incident) =>
          (status === 'all' || incident.status === status) &&
          matchesQuery([incident.title, ...incident.services, ...incident.causes.slice(0, 3).map((cause) => cause.target)], filter),
      ),
    [incidents, status, filter],
  );

  if (focus !== null) {
    if (focused.incident !== null) return <IncidentDetail incident={focused.incident} />;
    return focused.error !== null ? (
      <Alert color="red" title={`Incident ${focus}`}>
        {focused.error} <Anchor href={href('/incidents')}>All incidents</Anchor>
      </Alert>
    ) : (
      <CenteredLoader />
    );
  }
  if (load.status === 'loading') return <CenteredLoader />;
  const open = incidents.filter((incident) => incident.status === 'open').length;
  return (
    <Stack gap="md">
      <PageHeader
        title="Incidents"
        description={`${open} open · ${incidents.length - open} resolved · causes ranked from the graph, baselines, timing and changes`}
      >
        <SegmentedControl<StatusFilter>
          size="xs"
          value={status}
          onChange={setStatus}
          data={[
            { value: 'all', label: 'All' },
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
          ]}
          aria-label="State"
        />
        <PageFilter value={filter} onChange={setFilter} placeholder="Filter: service, cause…" label="Filter incidents" testId="incidents-filter" />
        <ExplainButton question={{ question: 'what_happened', range: '24h' }} label="What happened today?" color="blue" />
      </PageHeader>
      {load.status === 'failed' && (
        <Alert color="red" title="Could not load the incidents">
          {load.message}
        </Alert>
      )}
      {incidents.length === 0 ? (
        // A block around it: centred by its margins inside the column, it would take its example's full width.
        <Box>
          <ExampleEmptyState
            testId="incidents-empty"
            icon={<IconFlame size={26} stroke={1.5} />}
            title="No incidents"
            description="When an alert fires, a service goes down or an anomaly begins, an incident opens here with its likely causes ranked: services, series, log patterns and changes, each with its evidence. The dependency graph (depends_on) and rules sharpen the ranking."
          >
            <ExampleCode>{exampleRules}</ExampleCode>
          </ExampleEmptyState>
        </Box>
      ) : shown.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" mt="lg">
          No {status === 'all' ? '' : `${status} `}incident{filter === '' ? '' : ` matches “${filter}”`}.
        </Text>
      ) : (
        <IncidentsTable incidents={shown} />
      )}
    </Stack>
  );
}
