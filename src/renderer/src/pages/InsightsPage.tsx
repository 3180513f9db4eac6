import { useLogsHref } from '../components/use-logs-href';
import { usePageHref } from '../components/use-page-href';
import { Anchor, Badge, Box, EmptyState, Group, Paper, SegmentedControl, Select, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { LOCAL_HOST } from '../../../shared/fleet-hosts';
import { noticesOfService } from '../../../shared/notices-of-service';
import type { AdviceInsight, AnomalyInsight, ForecastInsight, IncidentInsight } from '../../../shared/types/insights';
import { useBridge } from '../bridge/use-bridge';
import { CenteredLoader } from '../components/CenteredLoader';
import { useWorkspaceEdit } from '../components/use-workspace-edit';
import { AdviceCard } from './insights/AdviceCard';
import { FindingCard } from './insights/FindingCard';
import { ForecastChart } from './insights/ForecastChart';
import { SeriesSelector } from './insights/SeriesSelector';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { formatSpan } from '../format/duration';
import { matchesQuery } from '../format/sort';
import { useShownHost } from '../stores/host-feeds';
import { setInsights, useInsightsStore } from '../stores/insights-store';
import { useWorkspaceStore } from '../stores/workspace-store';
import { servicePath } from '../shell/pages';
import { ExampleCode } from '../components/ExampleCode';
import { PHONE_BREAKPOINT } from '../components/use-phone';

const analysisSnippet = `analysis:
  anomalies:
    select: [probe_duration_seconds, system_cpu_usage_percent]
    sensitivity: normal
  forecasts:
    - { select: system_disk_used_percent, threshold: 95 }
rules:
  - alert: ApiAnomalous
    expr: anomaly_score{service="api"} > 0.99
    for: 2m`;

// Findings of analysers show under All: a sixth segment would not fit a phone's width (375 px).
type Kind = 'all' | 'incident' | 'anomaly' | 'forecast' | 'advice' | 'finding';

/** Scores are read against 0.99 and 0.999: truncated, never rounded up to 1. */
function score(value: number): string {
  return (Math.floor(value * 10_000) / 10_000).toFixed(4);
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function Span({ start, end }: { start: number; end: number | null }) {
  // Two lines, not one: in a narrow column a badge beside the time was cut to "o…".
  return (
    <Stack gap={2} align="flex-start">
      <RelativeTime at={start} size="sm" />
      {end === null ? (
        <Badge size="xs" color="yellow" variant="light">
          ongoing
        </Badge>
      ) : (
        <Text size="xs" c="dimmed">
          for {formatSpan(Math.max(end - start, 1_000))}
        </Text>
      )}
    </Stack>
  );
}

/** Charts open this much before an anomaly began and after it ended: its shaded stretch with context. */
const CHART_MARGIN_MS = 30 * 60_000;

/** The charts (the service's page, around the moment) and the logs at the moment it began. */
function Links({ service, at, until }: { service: string | null; at: number; until: number | null }) {
  const href = usePageHref();
  const logsOf = useLogsHref();
  const host = useShownHost((state) => state.host);
  // The machine's charts are on the Overview, this console's own: an agent's machine has no page here.
  if (service === null)
    return host === LOCAL_HOST ? (
      <Anchor href="#/">Overview</Anchor>
    ) : (
      <Text size="sm" c="dimmed" data-testid="insight-no-charts">
        {host}&apos;s machine
      </Text>
    );
  // Still going: the moment it began, in context (the live page shows the rest).
  const around = { start: at - CHART_MARGIN_MS, end: (until ?? at) + CHART_MARGIN_MS };
  return (
    <Group gap="xs" wrap="nowrap">
      <Anchor href={href(servicePath(service, around))} size="sm">
        charts
      </Anchor>
      <Anchor href={logsOf(service, at)} size="sm">
        logs
      </Anchor>
    </Group>
  );
}

function IncidentsTable({ incidents }: { incidents: IncidentInsight[] }) {
  return (
    // On a phone the table scrolls within itself, never the page (the columns stay readable).
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover data-testid="insights-incidents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Services</Table.Th>
            <Table.Th>First to move</Table.Th>
            <Table.Th>Series</Table.Th>
            <Table.Th>Peak score</Table.Th>
            <Table.Th>At that moment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {incidents.map((incident) => (
            <Table.Tr key={incident.id} data-insight-id={incident.id}>
              <Table.Td>
                <Span start={incident.startedAt} end={incident.endedAt} />
              </Table.Td>
              <Table.Td>{incident.services.join(', ')}</Table.Td>
              <Table.Td>
                <SeriesSelector selector={incident.firstMover.selector} />
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {incident.series.map((series) => (
                    <SeriesSelector key={series.selector} selector={series.selector} />
                  ))}
                  {incident.moreSeries > 0 && (
                    <Text size="xs" c="dimmed">
                      and {incident.moreSeries.toLocaleString('en-US')} more series
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>{score(incident.peakScore)}</Table.Td>
              <Table.Td>
                <Links service={incident.firstMover.labels.service ?? null} at={incident.startedAt} until={incident.endedAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AnomaliesTable({ anomalies }: { anomalies: AnomalyInsight[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover data-testid="insights-anomalies">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Series</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th>Typical</Table.Th>
            <Table.Th>Peak score</Table.Th>
            <Table.Th>At that moment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {anomalies.map((anomaly) => (
            <Table.Tr key={anomaly.id} data-insight-id={anomaly.id}>
              <Table.Td>
                <Span start={anomaly.startedAt} end={anomaly.endedAt} />
              </Table.Td>
              <Table.Td>
                <SeriesSelector selector={anomaly.series.selector} />
              </Table.Td>
              <Table.Td>{round(anomaly.value)}</Table.Td>
              <Table.Td>{round(anomaly.typical)}</Table.Td>
              <Table.Td>{score(anomaly.peakScore)}</Table.Td>
              <Table.Td>
                <Links service={anomaly.service} at={anomaly.startedAt} until={anomaly.endedAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * One card per forecast, not a table row: its chart takes the card's whole width, which a table
 * cell cannot give it (the chart would widen its column past the page, on a phone most of all).
 */
function ForecastsTable({ forecasts }: { forecasts: ForecastInsight[] }) {
  return (
    <Stack gap="sm" data-testid="insights-forecasts">
      {forecasts.map((forecast) => (
        <Paper key={forecast.id} withBorder p="sm" radius="md" data-insight-id={forecast.id}>
          <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
            <SeriesSelector selector={forecast.series.selector} />
            <Text size="xs" c="dimmed">
              threshold {forecast.threshold} · now at {forecast.level === null ? '–' : round(forecast.level)}
            </Text>
          </Group>
          <Group gap="xs" mt={6} wrap="wrap">
            <Badge size="sm" color={forecast.status === 'crossed' || forecast.secondsUntil < 86_400 ? 'red' : 'yellow'} variant="light">
              {forecast.status === 'crossed' ? 'crossed' : `in ${formatSpan(forecast.secondsUntil * 1000)}`}
            </Badge>
            <Text span size="sm">
              {forecast.summary.slice(forecast.series.selector.length + 1)}
            </Text>
          </Group>
          {forecast.status === 'fills' && (
            <Box mt={4}>
              <ForecastChart forecast={forecast} />
            </Box>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

/**
 * What nobody wrote a rule for: incidents (anomalies of related services that began together,
 * the first mover named), anomalies on single series, and gauges that will reach a threshold.
 */
export function InsightsPage() {
  const bridge = useBridge();
  const view = useInsightsStore((state) => state.view);
  const load = useInsightsStore((state) => state.load);
  const [kind, setKind] = useState<Kind>('all');
  const [service, setService] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const workspaceEdit = useWorkspaceEdit();
  // Saving advice over a file whose last edit did not load would throw that edit away unseen.
  const fileRejected = useWorkspaceStore((state) => state.view?.error ?? null) !== null;
  const applyWhyNot = workspaceEdit.whyNot ?? (fileRejected ? 'The workspace file has an edit that does not load: fix or undo it first (Config page)' : null);
  // The save dialog shows the diff against the running version and saves it as a new version; the advice goes on its next round.
  const proposeAdvice = (advice: AdviceInsight): void => {
    if (advice.apply !== null)
      void workspaceEdit.propose(advice.apply.edits, advice.title, () => {
        bridge.invoke('insights.list').then(setInsights, () => undefined);
      });
  };

  // Forecasts move every minute without an event: refreshed while the page is open.
  useEffect(() => {
    const timer = setInterval(() => {
      bridge.invoke('insights.list').then(setInsights, () => undefined);
    }, 30_000);
    return () => clearInterval(timer);
  }, [bridge]);

  const services = useMemo(() => {
    const names = new Set<string>();
    for (const anomaly of view?.anomalies ?? []) if (anomaly.service !== null) names.add(anomaly.service);
    for (const incident of view?.incidents ?? []) for (const name of incident.services) names.add(name);
    for (const forecast of view?.forecasts ?? []) if (forecast.service !== null) names.add(forecast.service);
    for (const advice of view?.advice ?? []) if (advice.service !== null) names.add(advice.service);
    for (const finding of view?.findings ?? []) if (finding.service !== null) names.add(finding.service);
    // A service whose series only sent NaN or are still learning has nothing else to pick it by.
    for (const notice of view?.notices ?? []) for (const share of notice.services ?? []) names.add(share.service);
    return [...names].sort();
  }, [view]);

  if (view === null) return load.status === 'failed' ? <Text c="red">{load.message}</Text> : <CenteredLoader />;

  const wants = (k: Kind): boolean => kind === 'all' || kind === k;
  // One service's notices count and name only its series (and those about analysis as a whole stay).
  const notices = service === null ? view.notices : noticesOfService(view.notices, service);
  const incidents = view.incidents.filter(
    (item) =>
      wants('incident') && (service === null || item.services.includes(service)) && matchesQuery([item.summary, ...item.series.map((s) => s.selector)], filter),
  );
  const anomalies = view.anomalies.filter(
    (item) => wants('anomaly') && (service === null || item.service === service) && matchesQuery([item.summary, item.series.selector], filter),
  );
  const forecasts = view.forecasts.filter(
    (item) => wants('forecast') && (service === null || item.service === service) && matchesQuery([item.summary], filter),
  );
  const advice = view.advice.filter(
    (item) =>
      wants('advice') && (service === null || item.service === service) && matchesQuery([item.title, item.summary, ...item.charts.map((c) => c.query)], filter),
  );
  // A server older than analysers sends no findings.
  const findings = (view.findings ?? []).filter(
    (item) =>
      wants('finding') && (service === null || item.service === service) && matchesQuery([item.summary, item.target, item.analyser, ...item.evidence], filter),
  );
  // With text in the filter an empty section says so, not "nothing to suggest" while advice it hides exists.
  const query = filter.trim();
  const noneMatching = query === '' ? null : `None match “${query}”${service === null ? '' : ` on ${service}`}.`;
  const nothing = view.incidents.length + view.anomalies.length + view.forecasts.length + view.advice.length + (view.findings ?? []).length === 0;

  return (
    <Stack gap="md">
      <PageHeader title="Insights" description={`${view.scoredSeries} series scored for anomalies, ${view.forecastSeries} forecast`}>
        <SegmentedControl<Kind>
          size="xs"
          value={kind}
          onChange={setKind}
          data={[
            { value: 'all', label: 'All' },
            { value: 'incident', label: 'Incidents' },
            { value: 'anomaly', label: 'Anomalies' },
            { value: 'forecast', label: 'Forecasts' },
            { value: 'advice', label: 'Advice' },
          ]}
        />
        <Select
          size="xs"
          placeholder="All services"
          clearable
          data={services}
          value={service}
          onChange={setService}
          aria-label="Service"
          w={{ base: '100%', [PHONE_BREAKPOINT]: 160 }}
        />
        <PageFilter value={filter} onChange={setFilter} placeholder="Filter series" label="Filter insights" testId="insights-filter" />
      </PageHeader>
      {notices.map((notice) => (
        <Paper key={notice.id} withBorder p="sm" radius="md" bg="var(--mantine-color-yellow-light)" data-testid="insights-notice">
          {/* A notice names series by their selectors, long unbroken words: they wrap anywhere rather than run past the edge. */}
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {notice.summary}
          </Text>
        </Paper>
      ))}
      {workspaceEdit.dialog}
      {nothing ? (
        <Paper withBorder p="xl" radius="md" w="100%" maw={720} mx="auto" mt="lg" data-testid="insights-empty">
          <EmptyState
            icon={
              <ThemeIcon size={48} radius="xl" variant="light" color="green">
                <IconBulb size={26} stroke={1.5} />
              </ThemeIcon>
            }
            title={service === null ? 'Nothing unusual' : `Nothing unusual for ${service}`}
            description={
              service === null
                ? 'Each new sample of the selected series gets an anomaly score (learned from that series alone, after its first 100 samples). Anomalies, incidents and forecasts appear here; rules can alert on anomaly_score and forecast_seconds_until.'
                : `No anomaly, incident, forecast or advice concerns ${service} now; clear the service filter to see every service's.`
            }
          >
            {/* How to select series helps where nothing is found at all, not where one service was picked. */}
            {service === null && (
              <Stack gap="sm" mt="md" w="100%" miw={0} ta="left">
                <ExampleCode>{analysisSnippet}</ExampleCode>
              </Stack>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <>
          {wants('incident') && incidents.length > 0 && (
            <Stack gap="xs">
              <Title order={3} fz="h5">
                Incidents ({incidents.length})
              </Title>
              <IncidentsTable incidents={incidents} />
            </Stack>
          )}
          {wants('finding') && findings.length > 0 && (
            <Stack gap="xs" data-testid="insights-findings">
              <Title order={3} fz="h5">
                Findings of analysers ({findings.length})
              </Title>
              {findings.map((item) => (
                <FindingCard key={item.id} finding={item} />
              ))}
            </Stack>
          )}
          {wants('anomaly') && (
            <Stack gap="xs">
              <Title order={3} fz="h5">
                Anomalies ({anomalies.length})
              </Title>
              {anomalies.length > 0 ? (
                <AnomaliesTable anomalies={anomalies} />
              ) : (
                <Text size="sm" c="dimmed">
                  {noneMatching ?? `None${service === null ? '' : ` on ${service}`}.`}
                </Text>
              )}
            </Stack>
          )}
          {wants('advice') && (
            <Stack gap="xs" data-testid="insights-advice">
              <Title order={3} fz="h5">
                Advice ({advice.length})
              </Title>
              {advice.length > 0 ? (
                advice.map((item) => <AdviceCard key={item.id} advice={item} propose={proposeAdvice} applyWhyNot={applyWhyNot} />)
              ) : (
                <Text size="sm" c="dimmed">
                  {noneMatching ??
                    `Nothing to suggest${service === null ? '' : ` for ${service}`}: advice is worked out every 5 minutes from the last hours of probes, alerts, memory, restarts and logs.`}
                </Text>
              )}
            </Stack>
          )}
          {wants('forecast') && (
            <Stack gap="xs">
              <Title order={3} fz="h5">
                Forecasts ({forecasts.length})
              </Title>
              {forecasts.length > 0 ? (
                <ForecastsTable forecasts={forecasts} />
              ) : (
                <Text size="sm" c="dimmed">
                  {noneMatching ?? 'No gauge is heading for its threshold.'}
                </Text>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
