import { Alert, Group, Loader, SimpleGrid, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import type { ServiceStatus, ServiceView } from '../../../shared/types/service';
import { useBridge } from '../bridge/use-bridge';
import { PageHeader } from '../components/PageHeader';
import { ExplainButton } from '../components/evidence/ExplainButton';
import { isRed, toneColor, type Tone } from '../format/service-status';
import { useHeartbeatFeed } from '../components/use-heartbeat-feed';
import { MONITORING_REFRESH_MS, refreshMonitoring } from '../stores/monitoring-store';
import { useServicesStore } from '../stores/services-store';
import { useWorkspaceStore } from '../stores/workspace-store';
import { MachinePanel } from './overview/MachinePanel';
import { OverviewEmptyState } from './overview/OverviewEmptyState';
import { OVERVIEW_BEATS, ServiceCard } from './overview/ServiceCard';

/** The header's counts: each group in its colour, "running" apart from "up" (nothing checks it). */
const groups: { word: string; tone: Tone; statuses: readonly ServiceStatus[] }[] = [
  { word: 'down', tone: 'critical', statuses: ['down', 'restarting', 'given_up'] },
  { word: 'pending', tone: 'warning', statuses: ['pending', 'starting'] },
  { word: 'up', tone: 'ok', statuses: ['up'] },
  { word: 'running unchecked', tone: 'ok', statuses: ['running'] },
  { word: 'stopped or unknown', tone: 'neutral', statuses: ['stopped', 'stopping', 'unknown'] },
];

function StatusCounts({ services }: { services: readonly ServiceView[] }) {
  const counts = useMemo(() => groups.map((group) => services.filter((service) => group.statuses.includes(service.status)).length), [services]);
  return (
    <Group gap="md" data-testid="overview-counts">
      {groups.map((group, i) => {
        const count = counts[i] as number;
        // "running unchecked" only when there is such a service: it is a hint, not a category to track.
        if (group.statuses.includes('running') && count === 0) return null;
        return (
          <Text key={group.word} size="sm" c={count > 0 && group.tone !== 'neutral' ? `${toneColor[group.tone]}.7` : 'dimmed'} fw={count > 0 ? 600 : 400}>
            {count} {group.word}
          </Text>
        );
      })}
    </Group>
  );
}

/** Every service of the workspace as a card, so the state of the fleet reads at a glance. */
export function OverviewPage() {
  const services = useServicesStore((state) => state.services);
  const load = useServicesStore((state) => state.load);
  const builtIn = useWorkspaceStore((state) => state.view?.builtIn ?? false);
  const versionId = useWorkspaceStore((state) => state.view?.versionId ?? 0);
  const statuses = useServicesStore((state) => state.services.map((service) => service.status).join(','));
  const bridge = useBridge();
  useHeartbeatFeed(OVERVIEW_BEATS);
  // Availability and sparklines come from the rollups: once a minute, and when a status or the workspace changes.
  useEffect(() => {
    const refresh = (): void => void refreshMonitoring(bridge).catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, MONITORING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [bridge, versionId, statuses]);

  if (load.status === 'loading') {
    return (
      <Group justify="center" mt="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  return (
    <>
      <PageHeader title="Overview" description={`${services.length} service${services.length === 1 ? '' : 's'} in this workspace`}>
        {services.length > 0 && <StatusCounts services={services} />}
        {services.length > 0 && (
          <ExplainButton
            question={services.some((service) => isRed(service.status)) ? { question: 'why' } : { question: 'what_happened', range: '24h' }}
            label={services.some((service) => isRed(service.status)) ? 'Explain' : 'What happened today?'}
            color={services.some((service) => isRed(service.status)) ? 'red' : 'blue'}
          />
        )}
      </PageHeader>
      {load.status === 'failed' && services.length === 0 && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the services" mb="md">
          {load.message}
        </Alert>
      )}
      <MachinePanel />
      {services.length === 0 && load.status === 'ready' ? (
        <OverviewEmptyState builtIn={builtIn} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="sm" verticalSpacing="sm" data-testid="service-grid">
          {services.map((service) => (
            <ServiceCard key={service.name} service={service} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
