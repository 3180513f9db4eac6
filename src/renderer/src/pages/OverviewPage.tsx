import { Alert, Group, Loader, SimpleGrid, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import type { ServiceView } from '../../../shared/types/service';
import { useBridge } from '../bridge/use-bridge';
import { PageHeader } from '../components/PageHeader';
import { statusLook, toneColor, type Tone } from '../format/service-status';
import { MONITORING_REFRESH_MS, refreshMonitoring } from '../stores/monitoring-store';
import { useServicesStore } from '../stores/services-store';
import { useWorkspaceStore } from '../stores/workspace-store';
import { MachinePanel } from './overview/MachinePanel';
import { OverviewEmptyState } from './overview/OverviewEmptyState';
import { ServiceCard } from './overview/ServiceCard';

const toneWords: [Tone, string][] = [
  ['critical', 'down'],
  ['warning', 'pending'],
  ['ok', 'up'],
  ['neutral', 'stopped or unknown'],
];

function StatusCounts({ services }: { services: readonly ServiceView[] }) {
  const counts = useMemo(() => {
    const byTone: Record<Tone, number> = { critical: 0, warning: 0, ok: 0, neutral: 0 };
    for (const service of services) byTone[statusLook(service.status).tone] += 1;
    return byTone;
  }, [services]);
  return (
    <Group gap="md" data-testid="overview-counts">
      {toneWords.map(([tone, word]) => (
        <Text key={tone} size="sm" c={counts[tone] > 0 && tone !== 'neutral' ? `${toneColor[tone]}.7` : 'dimmed'} fw={counts[tone] > 0 ? 600 : 400}>
          {counts[tone]} {word}
        </Text>
      ))}
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
