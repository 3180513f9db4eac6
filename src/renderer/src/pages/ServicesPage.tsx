import { Button, Code, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop, IconServer2 } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { deniedProps, guard, useCan } from '../auth/use-can';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { PlannedPage } from '../components/PlannedPage';
import { useHeartbeatFeed } from '../components/use-heartbeat-feed';
import { matchesQuery } from '../format/sort';
import { useServiceActionRequest, takeServiceActionRequest } from '../stores/service-action-request';
import { useServicesStore } from '../stores/services-store';
import { terminalPath } from './terminals/terminal-path';
import { ConfirmServiceAction } from './services/ConfirmServiceAction';
import { OperationPanel } from './services/OperationPanel';
import { OutputDrawer } from './services/OutputDrawer';
import { searchableTexts } from './services/service-columns';
import { hasLiveProcess } from './services/running-phase';
import { ServicesTable, TABLE_BEATS } from './services/ServicesTable';
import { useServiceControl } from './services/use-service-control';

/**
 * Every service in one sortable, filterable table, with what can be done to each. `focus`
 * (from #/services/<name>, e.g. the command palette) pre-fills the filter with that name.
 */
export function ServicesPage({ focus }: { focus: string | null }) {
  const services = useServicesStore((state) => state.services);
  const load = useServicesStore((state) => state.load);
  const [filter, setFilter] = useState(focus ?? '');
  const [output, setOutput] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const control = useServiceControl();
  useHeartbeatFeed(TABLE_BEATS);
  const { request } = control;
  const operate = useCan('services.start');
  const visible = useMemo(() => services.filter((service) => matchesQuery(searchableTexts(service), filter)), [services, filter]);
  const managed = services.filter((service) => service.runtime !== null);
  const running = managed.filter((service) => hasLiveProcess(service.runtime));

  // An action asked for from the command palette.
  const pendingRequest = useServiceActionRequest((state) => state.request);
  useEffect(() => {
    if (pendingRequest === null) return;
    const taken = takeServiceActionRequest();
    if (taken !== null) request(taken.action, taken.services);
  }, [pendingRequest, request]);

  if (load.status === 'loading') {
    return (
      <Group justify="center" mt="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (services.length === 0) {
    return (
      <PlannedPage
        icon={IconServer2}
        title="No services to list"
        summary="Services declared in the workspace file appear here in a table, one row each."
        features={[
          'Status in words with the reason, its pid, uptime, restarts, CPU and memory',
          'Start, stop and restart in dependency order; its terminal and its output',
          'Self-healing: restarts with back-off within a budget, then "given up" with a reset',
        ]}
        meanwhile={
          <>
            Declare services under <Code>services:</Code> in the workspace file (see Config), e.g.{' '}
            <Code>api: {'{ start: node server.js, depends_on: [db] }'}</Code>.
          </>
        }
      />
    );
  }
  return (
    <>
      <PageHeader
        title="Services"
        description={`${services.length} service${services.length === 1 ? '' : 's'} declared; Zervigo runs ${managed.length}, ${running.length} running now`}
      >
        <PageFilter
          value={filter}
          onChange={setFilter}
          placeholder="Filter: name, status, probe…"
          label="Filter services"
          width={240}
          testId="services-filter"
        />
        <Tooltip label={operate.reason ?? 'Start every service, in dependency order'}>
          <Button
            leftSection={<IconPlayerPlay size={14} />}
            variant="light"
            disabled={managed.length === 0}
            {...deniedProps(operate)}
            onClick={guard(operate, () => request('start', []))}
            data-testid="start-all"
          >
            Start all
          </Button>
        </Tooltip>
        <Tooltip label={operate.reason ?? 'Stop every service, dependents first'}>
          <Button
            leftSection={<IconPlayerStop size={14} />}
            variant="default"
            disabled={running.length === 0}
            {...deniedProps(operate)}
            onClick={guard(operate, () => request('stop', []))}
            data-testid="stop-all"
          >
            Stop all
          </Button>
        </Tooltip>
      </PageHeader>
      <OperationPanel />
      {visible.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" mt="lg">
          No service matches “{filter}”.
        </Text>
      ) : (
        <ServicesTable
          services={visible}
          highlighted={focus}
          busy={control.busy}
          onAction={(action, name) => request(action, [name])}
          onTerminal={(service) => {
            const target = service.runtime?.tmuxTarget;
            if (target) navigate(terminalPath(target));
          }}
          onOutput={setOutput}
        />
      )}
      {visible.length > 0 && visible.length < services.length && (
        <Text size="xs" c="dimmed" mt="xs">
          Showing {visible.length} of {services.length}.
        </Text>
      )}
      <ConfirmServiceAction pending={control.pending} onConfirm={control.confirm} onCancel={control.cancel} />
      <OutputDrawer service={output} onClose={() => setOutput(null)} />
    </>
  );
}
