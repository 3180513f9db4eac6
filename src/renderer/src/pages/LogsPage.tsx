import { Alert, Anchor, Badge, Box, Button, Code, CloseButton, Group, Loader, SegmentedControl, Select, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconFileText, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { LogPatternView } from '../../../shared/types/logs';
import { useBridge } from '../bridge/use-bridge';
import { PageHeader } from '../components/PageHeader';
import { PlannedPage } from '../components/PlannedPage';
import { formatBytes } from '../format/bytes';
import { logsRouteParams } from '../format/log-level';
import { formatAbsoluteTime } from '../format/time';
import { useNow } from '../stores/clock-store';
import { setLogsStatus, useLogsStore } from '../stores/logs-store';
import { useServicesStore } from '../stores/services-store';
import { LogFeed } from './logs/log-feed';
import { LogViewer } from './logs/LogViewer';
import { PatternPanel } from './logs/PatternPanel';
import { SourcesSummary } from './logs/SourcesSummary';

const ranges = [
  { value: '15m', label: '15m', ms: 15 * 60_000 },
  { value: '1h', label: '1h', ms: 3_600_000 },
  { value: '6h', label: '6h', ms: 6 * 3_600_000 },
  { value: '24h', label: '24h', ms: 86_400_000 },
  { value: '7d', label: '7d', ms: 7 * 86_400_000 },
  { value: 'all', label: 'All', ms: null },
] as const;

const levelFilters = [
  { value: 'all', label: 'All levels' },
  { value: 'warn+', label: 'Warn+' },
  { value: 'error+', label: 'Error+' },
];

const QUERY_HELP = 'words · "a phrase" · -exclude · prefix* · service:api · level:warn+ · source:file · pattern:12';

/** #/logs, also with ?service=…&at=… in the hash: a new jump is a fresh page. */
export function LogsRoute() {
  const [location] = useLocation();
  const search = useSearch();
  return <LogsPage key={`${location}?${search}`} />;
}

/**
 * Every source in one viewer: search with highlights, live tail that pauses when you scroll up,
 * the mined patterns beside it, and jumps to a service's lines at a moment
 * (#/logs?service=api&at=<ms>, from the Services table or an alert).
 */
export function LogsPage() {
  const bridge = useBridge();
  const search = useSearch();
  const route = useMemo(() => logsRouteParams(window.location.hash, search), [search]);
  const status = useLogsStore((state) => state.status);
  const services = useServicesStore((state) => state.services);
  const [feed] = useState(() => new LogFeed(bridge));
  const state = useSyncExternalStore(feed.subscribe, feed.getState);
  const [text, setText] = useState(route.query ?? '');
  const [submitted, setSubmitted] = useState(route.query ?? '');
  const [service, setService] = useState<string | null>(route.service);
  const [level, setLevel] = useState('all');
  const [range, setRange] = useState<string>(route.at === null ? (ranges.find((entry) => entry.value === route.range)?.value ?? '1h') : 'all');
  const [at, setAt] = useState<number | null>(route.at);
  const [live, setLive] = useState(route.at === null);
  const [away, setAway] = useState(false);
  const now = useNow();

  useEffect(() => () => feed.dispose(), [feed]);

  // The counts in the header move with every line; events carry only state changes.
  useEffect(() => {
    const timer = setInterval(() => {
      bridge.invoke('logs.status').then(setLogsStatus, () => undefined);
    }, 5_000);
    return () => clearInterval(timer);
  }, [bridge]);

  const query = [submitted.trim(), service === null ? '' : `service:${service}`, level === 'all' ? '' : `level:${level}`].filter((part) => part !== '').join(' ');
  const rangeMs = ranges.find((candidate) => candidate.value === range)?.ms ?? null;

  useEffect(() => {
    void feed.load({ query, rangeMs, live, ...(at === null ? {} : { at }) });
    // Live on/off is handled below without reloading.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed, query, rangeMs, at]);

  useEffect(() => {
    void feed.setLive(live);
  }, [feed, live]);

  const serviceOptions = useMemo(() => {
    const names = new Set([...services.map((entry) => entry.name), ...(status?.sources.map((source) => source.service) ?? []), ...(service === null ? [] : [service])]);
    return [...names].sort();
  }, [services, status, service]);

  const pickPattern = (pattern: LogPatternView): void => {
    const withoutPatterns = text.replace(/(^|\s)-?pattern:\S+/g, '').trim();
    const next = `${withoutPatterns} pattern:${pattern.id}`.trim();
    setText(next);
    setSubmitted(next);
  };

  if (status !== null && status.sources.length === 0 && status.store.lines === 0) {
    return (
      <PlannedPage
        icon={IconFileText}
        title="No log sources yet"
        summary="Lines from log files, service output, tmux panes and the systemd journal appear here, searchable, as soon as a source is declared."
        features={[
          'All sources in one stream, one line per entry; stack traces joined into one expandable entry',
          'Search: words, "phrases", -exclusions, service:, level:, source: and a time range, matches highlighted',
          'Live tail that pauses when you scroll up, and says so',
          'Patterns mined from the lines: the messages that repeat, how often, and which are new',
        ]}
        meanwhile={
          <>
            Declare files under a service, <Code>logs: [./api/logs/*.log]</Code>, or at the top level: <Code>logs: {'{'} files: [...], tmux: [...], journal: true {'}'}</Code> (see Config).
          </>
        }
      />
    );
  }

  const lastDrop = status?.store.lastDrop ?? null;
  const following = live && !away;
  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: 'calc(100dvh - 48px - 2 * var(--mantine-spacing-md))' }}>
      <PageHeader
        title="Logs"
        description={
          status === null
            ? 'Every source in one searchable stream'
            : `${status.store.lines.toLocaleString('en-US')} lines stored · ${formatBytes(status.store.bytes)} of ${formatBytes(status.store.maxBytes)}`
        }
      >
        {status !== null && <SourcesSummary status={status} />}
      </PageHeader>
      {lastDrop !== null && now - lastDrop.at < 86_400_000 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} py={6} mb="xs" data-testid="log-retention-notice">
          <Text size="xs">
            {lastDrop.reason === 'size' ? 'The log store reached storage.logs.max_size' : 'Lines passed storage.logs.max_age'}: the oldest {lastDrop.lines.toLocaleString('en-US')} lines ({formatBytes(lastDrop.bytes)}) were removed at {formatAbsoluteTime(lastDrop.at)}.
            {lastDrop.oldestKeptAt !== null && ` Lines from ${formatAbsoluteTime(lastDrop.oldestKeptAt)} on are kept.`}
          </Text>
        </Alert>
      )}
      <Group gap="xs" mb="xs" wrap="nowrap">
        <Tooltip label={QUERY_HELP} position="bottom-start">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            placeholder="Search: words, &quot;phrases&quot;, -exclude, level:error…  (Enter)"
            aria-label="Search logs"
            leftSection={<IconSearch size={14} />}
            rightSection={text === '' ? null : <CloseButton size="xs" aria-label="Clear search" onClick={() => { setText(''); setSubmitted(''); }} />}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') setSubmitted(text);
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
            data-page-filter
            data-testid="logs-search"
          />
        </Tooltip>
        <Select size="xs" w={150} placeholder="All services" clearable data={serviceOptions} value={service} onChange={setService} aria-label="Service" data-testid="logs-service" />
        <SegmentedControl size="xs" value={level} onChange={setLevel} data={levelFilters} />
        <SegmentedControl
          size="xs"
          value={at === null ? range : ''}
          onChange={(value) => {
            setAt(null);
            setRange(value);
          }}
          data={ranges.map((entry) => ({ value: entry.value, label: entry.label }))}
        />
        <Switch size="sm" label="Live" checked={live} onChange={(event) => { setLive(event.currentTarget.checked); if (event.currentTarget.checked) setAt(null); }} data-testid="logs-live" />
      </Group>
      <Group gap="xs" align="stretch" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Box style={{ flex: 1, minHeight: 0, position: 'relative' }}>
            {state.status === 'loading' && state.lines.length === 0 ? (
              <Group justify="center" mt="xl">
                <Loader size="sm" />
              </Group>
            ) : (
              <LogViewer
                lines={state.lines}
                version={state.version}
                terms={state.terms}
                follow={following}
                anchorId={state.anchorId}
                onAwayFromBottom={setAway}
                onReachTop={() => feed.loadOlder()}
              />
            )}
            {live && away && (
              <Button size="xs" radius="xl" leftSection={<IconArrowDown size={14} />} style={{ position: 'absolute', bottom: 12, left: '50%', transform: 'translateX(-50%)' }} onClick={() => setAway(false)} data-testid="logs-resume">
                Live paused while you read — jump to newest
              </Button>
            )}
          </Box>
          <Group gap="xs" mt={4} justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed" data-testid="logs-status-line">
              {state.status === 'failed' && <Text span c="red" size="xs">{state.error} · </Text>}
              {state.lines.length.toLocaleString('en-US')} line{state.lines.length === 1 ? '' : 's'} shown
              {state.tookMs !== null && ` · searched in ${state.tookMs} ms`}
              {state.partial && (
                <>
                  {' · stopped early to stay fast: '}
                  <Anchor size="xs" component="button" onClick={() => void feed.loadOlder()}>
                    search further back
                  </Anchor>
                </>
              )}
              {state.olderCursor === null && state.lines.length > 0 && ' · start of the range'}
              {at !== null && ` · around ${formatAbsoluteTime(at)}`}
            </Text>
            <Group gap={6}>
              {state.dropped > 0 && (
                <Tooltip label="The page fell behind the live stream; the server dropped the oldest waiting lines rather than hold them without bound.">
                  <Badge size="xs" color="yellow" variant="light">
                    {state.dropped.toLocaleString('en-US')} skipped
                  </Badge>
                </Tooltip>
              )}
              <Badge size="xs" variant="light" color={following ? 'green' : 'gray'} data-testid="logs-live-state">
                {live ? (away ? 'live · paused (scrolled up)' : 'live · following') : 'not live'}
              </Badge>
            </Group>
          </Group>
        </Box>
        <Box w={320} style={{ flex: 'none' }}>
          <PatternPanel service={service} onPick={pickPattern} />
        </Box>
      </Group>
    </Box>
  );
}
