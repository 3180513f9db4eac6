import { Badge, Group, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import type { InsightsView } from '../../../../shared/types/insights';
import { inFilter } from '../../format/alert-look';
import { useAlertsStore } from '../../stores/alerts-store';
import { useInsightsStore } from '../../stores/insights-store';
import { hostPath } from './host-path';

/** What the Insights page lists as going on now: open incidents, anomalies and findings, forecasts, advice. */
function insightsNow(view: InsightsView): { total: number; said: string } {
  const ongoing = <T extends { endedAt: number | null }>(items: readonly T[]): number => items.filter((item) => item.endedAt === null).length;
  const parts: [count: number, one: string, many: string][] = [
    [ongoing(view.incidents), 'incident', 'incidents'],
    [ongoing(view.anomalies), 'anomaly', 'anomalies'],
    [ongoing(view.findings ?? []), 'finding', 'findings'],
    [view.forecasts.length, 'forecast', 'forecasts'],
    [view.advice.length, 'piece of advice', 'pieces of advice'],
  ];
  const total = parts.reduce((sum, [count]) => sum + count, 0);
  const said = parts
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`)
    .join(', ');
  return { total, said: said === '' ? 'nothing going on' : said };
}

/**
 * The agent's own firing alerts and insights, in its banner: the stores are fed from the agent
 * while its pages show (the header's health stays this console's). Each badge opens the agent's
 * page of them. Shown only once the agent has answered, never a figure of the console's.
 */
export function HostFigures({ name }: { name: string }) {
  const alerts = useAlertsStore((state) => (state.load.status === 'ready' ? state.alerts : null));
  const view = useInsightsStore((state) => state.view);
  const firing = useMemo(() => (alerts === null ? null : alerts.filter((alert) => inFilter(alert, 'firing')).length), [alerts]);
  const insights = useMemo(() => (view === null ? null : insightsNow(view)), [view]);
  return (
    <Group gap={6} wrap="wrap">
      {firing !== null && (
        <Tooltip label={`${name}: ${firing} alert${firing === 1 ? '' : 's'} firing`}>
          <Badge
            component="a"
            href={`#${hostPath(name, '/alerts')}`}
            size="sm"
            tt="none"
            variant={firing > 0 ? 'filled' : 'default'}
            color={firing > 0 ? 'red' : undefined}
            style={{ cursor: 'pointer' }}
            data-testid="host-firing"
            data-count={firing}
          >
            {firing} firing
          </Badge>
        </Tooltip>
      )}
      {insights !== null && (
        <Tooltip label={`${name}: ${insights.said}`}>
          <Badge
            component="a"
            href={`#${hostPath(name, '/insights')}`}
            size="sm"
            tt="none"
            variant={insights.total > 0 ? 'light' : 'default'}
            color={insights.total > 0 ? 'grape' : undefined}
            style={{ cursor: 'pointer' }}
            data-testid="host-insights"
            data-count={insights.total}
          >
            {insights.total} insight{insights.total === 1 ? '' : 's'}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
