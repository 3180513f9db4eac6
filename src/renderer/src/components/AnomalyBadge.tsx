import { Badge, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useInsightsStore } from '../stores/insights-store';
import { usePageHref } from './use-page-href';

/**
 * "anomalous": a series of this service is behaving unlike itself right now. The tooltip names
 * the series; the badge links to the Insights page (the agent's, on an agent's pages).
 */
export function AnomalyBadge({ service, size = 'xs' }: { service: string; size?: 'xs' | 'sm' | 'md' }) {
  const anomalies = useInsightsStore((state) => state.view?.anomalies);
  const href = usePageHref();
  const ongoing = useMemo(() => (anomalies ?? []).filter((anomaly) => anomaly.endedAt === null && anomaly.service === service), [anomalies, service]);
  if (ongoing.length === 0) return null;
  return (
    <Tooltip label={`Unusual now: ${ongoing.map((anomaly) => anomaly.summary).join('; ')}`} multiline maw={420}>
      <Badge
        component="a"
        href={href('/insights')}
        size={size}
        variant="light"
        color="grape"
        tt="none"
        style={{ flexShrink: 0, cursor: 'pointer' }}
        data-testid={`anomaly-badge-${service}`}
      >
        anomalous
      </Badge>
    </Tooltip>
  );
}
