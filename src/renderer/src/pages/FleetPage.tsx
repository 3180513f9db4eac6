import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { AgentView, FleetAlerts, FleetServices } from '../../../shared/types/fleet';
import { useBridge } from '../bridge/use-bridge';
import { StateBadge } from '../components/AlertStateBadge';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge, ToneBadge } from '../components/StatusBadge';
import { alertLook } from '../format/alert-look';
import { messageOf } from '../format/error-message';
import { servicePath } from '../shell/pages';
import { AddAgentForm } from './fleet/AddAgentForm';
import { agentLooks } from './fleet/agent-look';
import { hostPath } from './fleet/host-path';

const LOCAL = 'local';

/** A table's header row. */
function HeadRow({ labels }: { labels: string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label) => (
          <Table.Th key={label}>{label}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * One console over its agents: each agent's state, version, latency and health; every host's
 * services in one table (operated on the host that owns them, through the contract); every
 * host's alerts. What an agent cannot show is said, never silently left out.
 */
export function FleetPage() {
  const bridge = useBridge();
  const [agents, setAgents] = useState<AgentView[]>([]);
  const [services, setServices] = useState<FleetServices | null>(null);
  const [alerts, setAlerts] = useState<FleetAlerts | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    bridge.invoke('fleet.services').then(setServices, (failure: unknown) => setError(messageOf(failure)));
    bridge.invoke('fleet.alerts').then(setAlerts, (failure: unknown) => setError(messageOf(failure)));
  }, [bridge]);

  useEffect(() => {
    bridge.invoke('agents.list').then(setAgents, (failure: unknown) => setError(messageOf(failure)));
    refresh();
    const unsubscribers = [
      bridge.subscribe('agents.changed', setAgents),
      bridge.subscribe('fleet.changed', refresh),
      bridge.subscribe('services.changed', refresh),
      bridge.subscribe('alerts.changed', refresh),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [bridge, refresh]);

  const operate = (host: string, service: string, action: 'start' | 'stop'): void => {
    const command = action === 'start' ? 'services.start' : 'services.stop';
    const input = { services: [service], confirm: false };
    const done = host === LOCAL ? bridge.invoke(command, input) : bridge.invoke('agents.call', { agent: host, command, input });
    done.then(
      () => notifications.show({ color: 'green', title: `${action === 'start' ? 'Started' : 'Stopped'} ${service}`, message: `on ${host}` }),
      (failure: unknown) =>
        notifications.show({ color: 'red', title: `Could not ${action} ${service} on ${host}`, message: messageOf(failure), autoClose: false }),
    );
  };

  const missing = [...(services?.missing ?? []), ...(alerts?.missing ?? [])].filter(
    (entry, index, all) => all.findIndex((other) => other.agent === entry.agent) === index,
  );

  return (
    <Stack gap="lg">
      <PageHeader title="Fleet" description="This console and its agents (other zervigo serve engines): their state, every host's services and alerts." />
      {error !== null && <Alert color="red">{error}</Alert>}

      <Stack gap="xs">
        <Title order={3} fz="h4">
          Agents
        </Title>
        {agents.length === 0 ? (
          <Text c="dimmed" size="sm">
            No agents yet. Add one below, or run <code>zervigo agents add NAME URL --token T</code> (the token: <code>zervigo token</code> on that host).
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover stickyHeader>
              <HeadRow labels={['Agent', 'State', 'Address', 'Version', 'Latency', 'Health', 'Why']} />
              <Table.Tbody>
                {agents.map((agent) => (
                  <Table.Tr key={agent.name} data-testid={`agent-row-${agent.name}`} data-state={agent.state}>
                    <Table.Td>
                      <Anchor href={`#${hostPath(agent.name)}`} fw={600} ff="monospace" size="sm" data-testid={`agent-link-${agent.name}`}>
                        {agent.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <ToneBadge look={agentLooks[agent.state]} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {agent.url}
                        {agent.ssh === null ? '' : ` via ssh ${agent.ssh}`}
                      </Text>
                    </Table.Td>
                    <Table.Td>{agent.version ?? '—'}</Table.Td>
                    <Table.Td>{agent.latencyMs === null ? '—' : `${agent.latencyMs} ms`}</Table.Td>
                    <Table.Td>
                      {agent.health === null
                        ? '—'
                        : `${agent.health.level}${agent.health.firing > 0 ? `, ${agent.health.firing} firing` : ''}${agent.health.down > 0 ? `, ${agent.health.down} down` : ''}`}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {agent.reason ?? ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <AddAgentForm />
      </Stack>

      {missing.length > 0 && (
        <Alert color="red" title="Not shown" data-testid="fleet-missing">
          {missing.map((entry) => (
            <Text size="sm" key={entry.agent}>
              {entry.agent}: {entry.reason}
            </Text>
          ))}
        </Alert>
      )}

      <Stack gap="xs">
        <Title order={3} fz="h4">
          Services on every host
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover stickyHeader>
            <HeadRow labels={['Host', 'Service', 'Status', 'Why', 'Actions']} />
            <Table.Tbody>
              {(services?.services ?? []).map((service) => (
                <Table.Tr key={`${service.host}/${service.name}`} data-testid={`fleet-service-${service.host}-${service.name}`} data-status={service.status}>
                  <Table.Td>{service.host}</Table.Td>
                  <Table.Td>
                    <Anchor
                      href={`#${service.host === LOCAL ? servicePath(service.name) : hostPath(service.host, servicePath(service.name))}`}
                      size="sm"
                      ff="monospace"
                    >
                      {service.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={service.status} waitingFor={service.waitingFor} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {service.reason ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconPlayerPlay size={14} />}
                        onClick={() => operate(service.host, service.name, 'start')}
                        data-testid={`fleet-start-${service.host}-${service.name}`}
                      >
                        Start
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="gray"
                        leftSection={<IconPlayerStop size={14} />}
                        onClick={() => operate(service.host, service.name, 'stop')}
                        data-testid={`fleet-stop-${service.host}-${service.name}`}
                      >
                        Stop
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Stack gap="xs">
        <Title order={3} fz="h4">
          Alerts on every host
        </Title>
        {(alerts?.alerts ?? []).length === 0 ? (
          <Text c="dimmed" size="sm">
            No alerts on any host.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover stickyHeader>
              <HeadRow labels={['Host', 'Alert', 'State', 'Summary']} />
              <Table.Tbody>
                {(alerts?.alerts ?? []).map((alert) => (
                  <Table.Tr key={`${alert.host}/${alert.fingerprint}`} data-testid={`fleet-alert-${alert.host}-${alert.alertname}`} data-state={alert.state}>
                    <Table.Td>{alert.host}</Table.Td>
                    <Table.Td>{alert.alertname}</Table.Td>
                    <Table.Td>
                      <StateBadge look={alertLook(alert)} />
                    </Table.Td>
                    <Table.Td>{alert.annotations.summary ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}
