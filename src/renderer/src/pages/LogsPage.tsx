import { Alert, Anchor, Badge, Box, Button, Code, CloseButton, Group, Loader, SegmentedControl, Select, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconFileText, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { AgentView } from '../../../shared/types/fleet';
import type { LogLine, LogPatternView } from '../../../shared/types/logs';
import { useBridge } from '../bridge/use-bridge';
import { PageHeader } from '../components/PageHeader';
import { PlannedPage } from '../components/PlannedPage';
import { PHONE_BREAKPOINT, usePhone } from '../components/use-phone';
import { formatBytes } from '../format/bytes';
import { formatAbsoluteTime } from '../format/time';
import { useNow } from '../stores/clock-store';
import { useServicesStore } from '../stores/services-store';
import { ContextBar, ContextEdge } from './logs/ContextBar';
import { HostPicker } from './logs/HostPicker';
import { ALL_HOSTS, LOCAL_HOST } from '../../../shared/fleet-hosts';
import { LogFeed, type LogFeedState } from './logs/log-feed';
import { openLogsRoute, readLogsRoute, logsRoutePath, type ContextScope, type LogsRoute } from './logs/logs-route';
import { levelFilterOf, levelFilters, serviceOf, withField, withLevelFilter, withParsedField, type LevelFilter } from './logs/query-fields';
import { LogViewer } from './logs/LogViewer';
import { PatternPanel } from './logs/PatternPanel';
import { SourcesSummary } from './logs/SourcesSummary';
import { useLogsStatus } from './logs/use-logs-status';

const ranges = [
  { value: '15m', label: '15m', ms: 15 * 60_000 },
  { value: '1h', label: '1h', ms: 3_600_000 },
  { value: '6h', label: '6h', ms: 6 * 3_600_000 },
  { value: '24h', label: '24h', ms: 86_400_000 },
  { value: '7d', label: '7d', ms: 7 * 86_400_000 },
  { value: 'all', label: 'All', ms: null },
] as const;

/** A row of buttons wider than a phone scrolls within itself rather than widening the page. */
export const SCROLLS_SIDEWAYS = { maxWidth: '100%', overflowX: 'auto', flex: 'none' } as const;

const QUERY_HELP = 'words · "a phrase" · -exclude · prefix* · service:api · level:warn+ · source:file · pattern:12 · field.role:primary';

/**
 * #/logs with its route in the hash (see logs/logs-route.ts). A search's query is kept in the URL
 * without a fresh page; opening a line's context (or another one) is a fresh page.
 */
export function LogsRoute() {
  const [location] = useLocation();
  const search = useSearch();
  const route = readLogsRoute(location, search);
  return <LogsPage key={route.anchor === null ? 'search' : logsRoutePath(route)} route={route} />;
}

const pathOf = (route: LogsRoute): string => `#${logsRoutePath(route)}`;

/** Whose store the header's counts are, when this console's own lines are not all the page shows. */
const storeOwner = (host: string): string => (host === LOCAL_HOST ? '' : host === ALL_HOSTS ? ' on this console' : ` on ${host}`);

/** The host= of a line's context: an agent's name, or none for this console (a context on "all" is this console's). */
const contextHostOf = (host: string): string | null => (host === LOCAL_HOST || host === ALL_HOSTS ? null : host);

/**
 * Every source in one viewer: search with highlights, live tail that pauses when you scroll up,
 * the mined patterns beside it; any line's time opens the lines around it, across services in
 * time order (also from an alert or a service: #/logs?service=api&at=<ms>).
 */
export function LogsPage({ route, go = openLogsRoute }: { route: LogsRoute; go?: (route: LogsRoute, options?: { replace?: boolean }) => void }) {
  const bridge = useBridge();
  const services = useServicesStore((state) => state.services);
  const [feed] = useState(() => new LogFeed(bridge));
  const state = useSyncExternalStore(feed.subscribe, feed.getState);
  const [text, setText] = useState(route.query);
  const [searchFocused, setSearchFocused] = useState(false);
  const [live, setLive] = useState(route.anchor === null);
  const [away, setAway] = useState(false);
  const now = useNow();
  const phone = usePhone();
  const inContext = route.anchor !== null;
  // The query that ran and its range: the URL's (the level buttons and the service picker are views of it).
  const submitted = route.query;
  // Whose lines: this console's (local), every host's, or one agent's.
  const host = route.host ?? LOCAL_HOST;
  const fleetWide = host !== LOCAL_HOST;
  const [agents, setAgents] = useState<AgentView[]>([]);
  const range: string = ranges.find((entry) => entry.value === route.range)?.value ?? '1h';
  // The header's store and sources: one agent's own when its lines are shown, else this console's.
  const status = useLogsStatus(bridge, host, state.version);
  const agentShown = fleetWide && host !== ALL_HOSTS ? host : null;

  useEffect(() => () => feed.dispose(), [feed]);

  useEffect(() => {
    // A console without the fleet part (an older server) answers nothing: no agents.
    bridge.invoke('agents.list').then(
      (list) => setAgents(Array.isArray(list) ? list : []),
      () => undefined,
    );
    return bridge.subscribe('agents.changed', setAgents);
  }, [bridge]);

  // Another link to the Logs page (a service's, a pattern's) brings its own query into the box.
  const [shownQuery, setShownQuery] = useState(route.query);
  if (shownQuery !== route.query) {
    setShownQuery(route.query);
    setText(route.query);
  }

  const rangeMs = ranges.find((candidate) => candidate.value === range)?.ms ?? null;
  const anchorKey = route.anchor === null ? null : JSON.stringify(route.anchor);

  useEffect(() => {
    if (route.anchor !== null) void feed.loadContext({ query: submitted, anchor: route.anchor, scope: route.scope, host });
    else void feed.load({ query: submitted, rangeMs, live, host });
    // Live on/off is handled below without reloading; the anchor is compared by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed, submitted, rangeMs, anchorKey, route.scope, host]);

  useEffect(() => {
    void feed.setLive(live);
  }, [feed, live]);

  /** A new search: from the context, back to the search view; in it, the URL follows the query. */
  const runQuery = (query: string, nextRange: string | null = route.range, nextHost: string | null = route.host ?? null): void => {
    setText(query);
    go({ query, anchor: null, scope: 'all', range: nextRange, host: nextHost }, { replace: !inContext });
  };

  const serviceOptions = useMemo(() => {
    const current = serviceOf(submitted);
    const names = new Set([
      // This console's services are not an agent's: there, the agent's sources name its services.
      ...(agentShown === null ? services.map((entry) => entry.name) : []),
      ...(status?.sources.map((source) => source.service) ?? []),
      ...(current === null ? [] : [current]),
    ]);
    return [...names].sort();
  }, [services, status, submitted, agentShown]);

  const pickPattern = (pattern: LogPatternView): void => {
    const withoutPatterns = submitted.replace(/(^|\s)-?pattern:\S+/g, '').trim();
    runQuery(`${withoutPatterns} pattern:${pattern.id}`.trim());
  };

  // The console's own store says nothing of its agents': a console with no sources still shows their lines.
  if (!fleetWide && status !== null && status.sources.length === 0 && status.store.lines === 0) {
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
            Declare files under a service, <Code>logs: [./api/logs/*.log]</Code>, or at the top level:{' '}
            <Code>
              logs: {'{'} files: [...], tmux: [...], journal: true {'}'}
            </Code>{' '}
            (see Config).
          </>
        }
      />
    );
  }

  const lastDrop = status?.store.lastDrop ?? null;
  const following = live && !away && !inContext;
  const level = levelFilterOf(submitted);
  const backHref = pathOf({
    query:
      route.query !== ''
        ? route.query
        : route.anchor !== null && 'service' in route.anchor && route.anchor.service !== null
          ? `service:${route.anchor.service}`
          : '',
    anchor: null,
    scope: 'all',
    range: route.range,
    host: route.host ?? null,
  });
  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: 'calc(100dvh - 48px - 2 * var(--app-shell-padding))' }}>
      <PageHeader
        title="Logs"
        description={
          status === null
            ? 'Every source in one searchable stream'
            : `${status.store.lines.toLocaleString('en-US')} line${status.store.lines === 1 ? '' : 's'} stored${storeOwner(host)} · ${formatBytes(status.store.bytes)} of ${formatBytes(status.store.maxBytes)}`
        }
      >
        {status !== null && <SourcesSummary status={status} />}
      </PageHeader>
      {lastDrop !== null && now - lastDrop.at < 86_400_000 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} py={6} mb="xs" data-testid="log-retention-notice">
          <Text size="xs">
            {lastDrop.reason === 'size' ? 'The log store reached storage.logs.max_size' : 'Lines passed storage.logs.max_age'}: the oldest{' '}
            {lastDrop.lines.toLocaleString('en-US')} lines ({formatBytes(lastDrop.bytes)}) were removed at {formatAbsoluteTime(lastDrop.at)}.
            {lastDrop.oldestKeptAt !== null && ` Lines from ${formatAbsoluteTime(lastDrop.oldestKeptAt)} on are kept.`}
          </Text>
        </Alert>
      )}
      {/* On a narrow screen the controls wrap under the search instead of pushing the page sideways. */}
      <Group gap="xs" mb="xs" wrap="wrap">
        {/* The syntax while a search is being started: on hover it would cover the level buttons beside it. */}
        <Tooltip label={QUERY_HELP} position="bottom-start" opened={searchFocused && text === ''}>
          <TextInput
            size="xs"
            style={{ flex: '1 1 240px' }}
            placeholder='Search: words, "phrases", -exclude, level:error…  (Enter)'
            aria-label="Search logs"
            leftSection={<IconSearch size={14} />}
            rightSection={text === '' ? null : <CloseButton size="xs" aria-label="Clear search" onClick={() => runQuery('')} />}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onFocus={() => setSearchFocused(true)}
            onBlur={() => setSearchFocused(false)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') runQuery(text);
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
            data-page-filter
            data-testid="logs-search"
          />
        </Tooltip>
        {(agents.length > 0 || fleetWide) && (
          <HostPicker agents={agents} value={host} onChange={(next) => runQuery(submitted, route.range, next === LOCAL_HOST ? null : next)} />
        )}
        <Select
          size="xs"
          w={150}
          placeholder={serviceOf(submitted) === null && /(^|\s)-?service:/.test(submitted) ? 'Services: see query' : 'All services'}
          clearable
          data={serviceOptions}
          value={serviceOf(submitted)}
          onChange={(value) => runQuery(withField(submitted, 'service', value))}
          aria-label="Service"
          data-testid="logs-service"
        />
        <Tooltip
          label={level === null ? 'The query picks its own levels (see level: in the search)' : 'Sets level: in the search'}
          disabled={level !== null && level !== 'all'}
          // A tap is a hover that never ends on a touch screen: there the hint waits for a long press.
          events={phone ? { hover: false, focus: false, touch: true } : undefined}
        >
          <Box style={SCROLLS_SIDEWAYS}>
            <SegmentedControl
              size="xs"
              value={level ?? ''}
              onChange={(value) => runQuery(withLevelFilter(submitted, value as LevelFilter))}
              data={[...levelFilters]}
              aria-label="Levels"
              data-testid="logs-level"
              data-level={level ?? 'custom'}
            />
          </Box>
        </Tooltip>
        <Box style={SCROLLS_SIDEWAYS}>
          <SegmentedControl
            size="xs"
            value={inContext ? '' : range}
            onChange={(value) => runQuery(submitted, value)}
            data={ranges.map((entry) => ({ value: entry.value, label: entry.label }))}
            aria-label="Time range"
          />
        </Box>
        <Switch
          size="sm"
          label="Live"
          checked={live && !inContext}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            setLive(checked);
            if (checked && inContext) runQuery(submitted);
          }}
          data-testid="logs-live"
        />
      </Group>
      {fleetWide && state.missing.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} py={6} mb="xs" data-testid="logs-hosts-missing">
          {state.missing.map((entry) => (
            <Text size="xs" key={entry.agent}>
              No lines from <b>{entry.agent}</b>: {entry.reason}
            </Text>
          ))}
        </Alert>
      )}
      {inContext && (
        <ContextBar anchor={state.anchor} scope={route.scope} backHref={backHref} onScope={(scope) => go({ ...route, scope }, { replace: true })} />
      )}
      <Group gap="xs" align="stretch" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {inContext && state.status === 'ready' && state.anchor !== null && (
            <ContextEdge side="before" more={state.moreBefore} onMore={() => void feed.moreContext('before')} />
          )}
          <Box style={{ flex: 1, minHeight: 0, position: 'relative' }}>
            {state.status === 'loading' && state.lines.length === 0 ? (
              <Group justify="center" mt="xl">
                <Loader size="sm" />
              </Group>
            ) : inContext && state.status === 'failed' && state.lines.length === 0 ? (
              <Text size="sm" c="red" ta="center" mt="xl" data-testid="log-context-failed">
                {state.error}
              </Text>
            ) : inContext && state.status === 'ready' && state.anchor === null ? (
              <Text size="sm" c="dimmed" ta="center" mt="xl" data-testid="log-context-empty">
                No lines {route.anchor !== null && 'service' in route.anchor && route.anchor.service !== null ? `of ${route.anchor.service} ` : ''}are stored
                near that moment.
              </Text>
            ) : (
              <LogViewer
                lines={state.lines}
                version={state.version}
                terms={state.terms}
                follow={following}
                anchorId={state.anchorId}
                showHost={fleetWide}
                // A line opens the lines around it on its own host (ids are each host's own).
                lineHref={(line) =>
                  pathOf({
                    query: submitted,
                    anchor: { id: line.id },
                    scope: inContext ? route.scope : 'all',
                    range: route.range,
                    host: contextHostOf(line.host ?? host),
                  })
                }
                fieldHref={(key, value) => {
                  const query = withParsedField(submitted, key, value);
                  return query === null ? undefined : pathOf({ ...route, query, anchor: null, scope: 'all' });
                }}
                onAwayFromBottom={setAway}
                onReachTop={() => feed.loadOlder()}
                onReachBottom={inContext ? () => void feed.moreContext('after') : undefined}
              />
            )}
            {live && away && !inContext && (
              <Button
                size="xs"
                radius="xl"
                leftSection={<IconArrowDown size={14} />}
                style={{ position: 'absolute', bottom: 12, left: '50%', transform: 'translateX(-50%)' }}
                onClick={() => setAway(false)}
                data-testid="logs-resume"
              >
                Live paused while you read — jump to newest
              </Button>
            )}
          </Box>
          {inContext && state.status === 'ready' && state.anchor !== null && (
            <ContextEdge side="after" more={state.moreAfter} onMore={() => void feed.moreContext('after')} />
          )}
          <Group gap="xs" mt={4} justify="space-between" wrap="wrap">
            <Text size="xs" c="dimmed" data-testid="logs-status-line">
              {state.status === 'failed' && !(inContext && state.lines.length === 0) && (
                <Text span c="red" size="xs">
                  {state.error} ·{' '}
                </Text>
              )}
              {inContext ? (
                <ContextSummary lines={state.lines.length} scope={route.scope} anchor={state.anchor} />
              ) : (
                <SearchSummary state={state} range={range} onFurther={() => void feed.loadOlder()} />
              )}
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
                {inContext ? 'not live' : live ? (away ? 'live · paused (scrolled up)' : 'live · following') : 'not live'}
              </Badge>
            </Group>
          </Group>
        </Box>
        {/* Beside the lines where there is room; a phone keeps the width for the lines. */}
        {/* The patterns are this console's: beside its own lines only. */}
        {!fleetWide && (
          <Box w={320} style={{ flex: 'none' }} visibleFrom={PHONE_BREAKPOINT}>
            <PatternPanel service={serviceOf(submitted)} onPick={pickPattern} />
          </Box>
        )}
      </Group>
    </Box>
  );
}

/** "showing 500 of 12,345 matches in the last hour": both numbers true (the count is the server's, live lines added). */
function SearchSummary({ state, range, onFurther }: { state: LogFeedState; range: string; onFurther: () => void }) {
  const shown = state.lines.length;
  const total = state.total;
  const within = range === 'all' ? 'stored' : `in the last ${ranges.find((entry) => entry.value === range)?.label ?? range}`;
  return (
    <>
      {total === null
        ? `${shown.toLocaleString('en-US')} line${shown === 1 ? '' : 's'} shown`
        : `showing ${shown.toLocaleString('en-US')} of ${total.exact ? '' : 'at least '}${total.count.toLocaleString('en-US')} match${total.count === 1 ? '' : 'es'} ${within}`}
      {state.tookMs !== null && ` · searched in ${state.tookMs} ms`}
      {state.partial && (
        <>
          {' · stopped early to stay fast: '}
          <Anchor size="xs" component="button" onClick={onFurther}>
            search further back
          </Anchor>
        </>
      )}
      {total !== null && total.exact && shown < total.count && !state.partial && ' · scroll up for older lines'}
    </>
  );
}

function ContextSummary({ lines, scope, anchor }: { lines: number; scope: ContextScope; anchor: LogLine | null }) {
  if (anchor === null) return null;
  return (
    <>
      {lines.toLocaleString('en-US')} lines around the highlighted line · {scope === 'all' ? 'all services, in time order' : `only ${anchor.service}`} · the
      time of any line opens its own context
    </>
  );
}
