import { Alert, Anchor, Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import { IconFileImport, IconLayoutGrid, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { dashboardLinkPath, decodeDashboardLink } from '../../../shared/dashboards/dashboard-link';
import { CenteredLoader } from '../components/CenteredLoader';
import { ExampleEmptyState } from '../components/ExampleEmptyState';
import { PageHeader } from '../components/PageHeader';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { useWorkspaceStore } from '../stores/workspace-store';
import { dashboardsIn } from './dashboards/dashboards-in-workspace';
import { DashboardView } from './dashboards/DashboardView';
import { ImportDialog } from './dashboards/ImportDialog';
import { kindLabels } from './dashboards/PanelEditor';
import { ExampleCode } from '../components/ExampleCode';

const example = `dashboards:
  shop:
    title: Shop
    variables: [{ name: service }]
    panels:
      - { kind: timeseries, title: Latency, query: 'probe_duration_seconds{service="$service"}', w: 12, h: 8 }
      - { kind: stat, title: Up, query: 'probe_success{service="$service"}', x: 12, w: 6, h: 4, thresholds: [{ value: 1, color: green }] }`;

function useStoredDashboards() {
  const content = useWorkspaceStore((state) => state.view?.content);
  return useMemo(() => (content === undefined ? null : dashboardsIn(content)), [content]);
}

/** The list: every dashboard under `dashboards:`, a new one, and an import (a file or Grafana's JSON). */
export function DashboardsPage() {
  const [, navigate] = useLocation();
  const stored = useStoredDashboards();
  const [importing, setImporting] = useState(false);
  const actions = (
    <Group gap="xs">
      <Button variant="default" leftSection={<IconFileImport size={14} />} onClick={() => setImporting(true)} data-testid="dashboards-import">
        Import JSON…
      </Button>
      <Button
        leftSection={<IconPlus size={14} />}
        onClick={() => navigate(dashboardLinkPath({ dashboard: { title: 'New dashboard', panels: [] } }))}
        data-testid="dashboards-new"
      >
        New dashboard
      </Button>
    </Group>
  );
  return (
    <>
      <PageHeader title="Dashboards" description="Panels on PromQL queries, logs, alerts and services, arranged as you like; saved in the workspace file">
        {actions}
      </PageHeader>
      {stored === null ? (
        <CenteredLoader />
      ) : stored.length === 0 ? (
        <ExampleEmptyState
          testId="dashboards-empty"
          icon={<IconLayoutGrid size={24} />}
          title="No dashboards yet"
          description="A dashboard is a grid of panels: time series, stats, gauges, bars, tables, a log stream, the alert list, the services' status. Make one here, import a Grafana dashboard, or write it under dashboards: in the workspace file."
        >
          <ExampleCode>{example}</ExampleCode>
        </ExampleEmptyState>
      ) : (
        <ResponsiveTable phone="cards" striped highlightOnHover data-testid="dashboards-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Dashboard</Table.Th>
              <Table.Th>Panels</Table.Th>
              <Table.Th>Variables</Table.Th>
              <Table.Th>Range</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stored.map(({ id, dashboard }) => (
              <Table.Tr key={id}>
                <Table.Td data-label="Dashboard" data-card="full">
                  <Anchor component={Link} href={`/dashboards/${id}`} fw={600} data-testid="dashboard-link">
                    {dashboard.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    dashboards.{id}
                    {dashboard.description === undefined ? '' : ` · ${dashboard.description}`}
                  </Text>
                </Table.Td>
                <Table.Td data-label="Panels">
                  <Group gap={4}>
                    <Text size="sm">{dashboard.panels.length}</Text>
                    {[...new Set(dashboard.panels.map((panel) => panel.kind))].slice(0, 4).map((kind) => (
                      <Badge key={kind} size="xs" variant="light" color="gray">
                        {kindLabels[kind]}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td data-label="Variables">
                  <Text size="sm">{dashboard.variables.map((variable) => `$${variable.name}`).join(', ') || '—'}</Text>
                </Table.Td>
                <Table.Td data-label="Range">
                  <Text size="sm">last {dashboard.time}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ResponsiveTable>
      )}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </>
  );
}

/** One dashboard of the workspace, by its id. */
export function StoredDashboardPage({ id }: { id: string }) {
  const stored = useStoredDashboards();
  if (stored === null) return <CenteredLoader />;
  const found = stored.find((one) => one.id === id);
  if (found === undefined)
    return (
      <Alert color="yellow" title={`No dashboard "${id}"`} data-testid="dashboard-missing">
        The workspace has no <Code>dashboards.{id}</Code>.{' '}
        <Anchor component={Link} href="/dashboards">
          See the dashboards
        </Anchor>
        .
      </Alert>
    );
  // A new version of the workspace (a save, an edit by hand) starts the view afresh from it.
  return <DashboardView key={`${id}:${JSON.stringify(found.dashboard)}`} id={id} initial={found.dashboard} takenIds={stored.map((one) => one.id)} />;
}

/** A dashboard carried in the link (a file opened with `zervigo dashboard --config`, an import, a new one): unsaved. */
export function OpenedDashboardPage() {
  // The hash route may carry its query itself (#/dashboards/open?d=…), or the location's search does.
  const [location] = useLocation();
  const search = useSearch();
  const query = location.includes('?') ? location.slice(location.indexOf('?') + 1) : search;
  const stored = useStoredDashboards();
  const decoded = useMemo(() => decodeDashboardLink(new URLSearchParams(query).get('d') ?? ''), [query]);
  if (!decoded.ok)
    return (
      <Alert color="red" title="This dashboard cannot be opened" data-testid="dashboard-link-error">
        {decoded.message}
      </Alert>
    );
  const lines = [...decoded.notImported.map((line) => `Not imported: ${line}`), ...decoded.adjusted.map((line) => `Changed: ${line}`)];
  return (
    <DashboardView
      key={query}
      id={null}
      initial={decoded.dashboard}
      takenIds={(stored ?? []).map((one) => one.id)}
      notice={{ title: `${decoded.notImported.length} thing${decoded.notImported.length === 1 ? '' : 's'} could not be imported`, lines }}
    />
  );
}
