import { Alert, Button, Code, Group, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconBellPlus, IconPlayerPlay } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useBridge } from '../bridge/use-bridge';
import { CenteredLoader } from '../components/CenteredLoader';
import { ChartPanel } from '../components/charts/ChartPanel';
import { ChartWarnings } from '../components/charts/ChartWarnings';
import { PageHeader } from '../components/PageHeader';
import { ScrollRow } from '../components/ScrollRow';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { unitOfQuery } from '../format/metric-unit';
import { formatAbsoluteTime } from '../format/time';
import { useNow } from '../stores/clock-store';
import { describeRange, resolveRange, type TimeRange } from '../format/time-range';
import { explorePath, exploreRunKey, exploreStateOf } from './explore/explore-location';
import { InstantTable } from './explore/InstantTable';
import { PromqlEditor, type PromqlError } from './explore/PromqlEditor';
import { QueryChart } from './explore/QueryChart';
import { RuleFromQueryDialog } from './explore/RuleFromQueryDialog';
import { seriesColor, seriesName } from './explore/series-name';
import { useRangeQuery } from './explore/use-range-query';

/** Live: the range is resolved again (ending now) at the query's step, but not more often than this. */
export const LIVE_REFRESH_MIN_MS = 5_000;
/** About the points Explore asks per series (its step is the range over this). */
const EXPLORE_POINTS = 600;

/** The offending part of the query, marked, under the message. */
function ErrorPlace({ query, error }: { query: string; error: PromqlError }) {
  if (error.from === null) return null;
  const from = Math.min(error.from, query.length);
  const to = Math.max(Math.min(error.to ?? from, query.length), from);
  return (
    <Code block mt={6} fz="xs" data-testid="explore-error-place" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {query.slice(0, from)}
      <mark style={{ background: 'var(--mantine-color-red-light)', color: 'inherit', textDecoration: 'underline wavy var(--mantine-color-red-6)' }}>
        {to > from ? query.slice(from, to) : ' '}
      </mark>
      {query.slice(to)}
    </Code>
  );
}

/**
 * Explore: try a PromQL query before writing a rule. Completion from the series index, the result
 * as lines over the page's range and as each series' value at its end, errors where they are;
 * the query and range live in the URL, so a link reopens them. One click turns it into a rule.
 */
export function ExplorePage() {
  const bridge = useBridge();
  const search = useSearch();
  const [, navigate] = useLocation();
  const submitted = useMemo(() => exploreStateOf(search), [search]);
  const [draft, setDraft] = useState(submitted.query);
  // Another link (back, a rule's "explore") brings its own query into the box.
  const [shown, setShown] = useState(submitted.query);
  if (shown !== submitted.query) {
    setShown(submitted.query);
    setDraft(submitted.query);
  }
  const [ruleOpen, setRuleOpen] = useState(false);
  // A relative range is resolved when run ("last 1h" is the hour before the click), and again
  // for each new URL (a link, back); Run on the same URL runs it afresh.
  const now = useNow();
  const runKey = exploreRunKey(search);
  const [pinned, setPinned] = useState(() => ({ search: runKey, runs: 0, span: resolveRange(submitted.range, Date.now()) }));
  if (pinned.search !== runKey) setPinned({ search: runKey, runs: pinned.runs, span: resolveRange(submitted.range, now) });
  const span = pinned.span;
  const current = useRangeQuery(submitted.query, span.start, span.end, { instant: true, run: pinned.runs });
  // Live, as Grafana's refresh: a relative range follows now; a zoom (a fixed range) pauses it until a relative range is picked again.
  // Kept in the URL with the query and range: a shared link or a reload is live again.
  const live = submitted.live;
  const setLive = (next: boolean): void => navigate(explorePath({ ...submitted, live: next }), { replace: true });
  const following = live && submitted.range.kind === 'relative';
  useEffect(() => {
    if (!following) return;
    const everyMs = Math.max(LIVE_REFRESH_MIN_MS, Math.ceil((span.end - span.start) / EXPLORE_POINTS));
    const timer = setInterval(
      () => setPinned((pinned) => ({ search: pinned.search, runs: pinned.runs + 1, span: resolveRange(submitted.range, Date.now()) })),
      everyMs,
    );
    return () => clearInterval(timer);
  }, [following, span.end, span.start, submitted.range]);
  // While live, the last answer stays drawn until the next one arrives (no loader flashing at every refresh).
  const [lastDone, setLastDone] = useState<typeof current | null>(null);
  if (current.status === 'done' && lastDone !== current) setLastDone(current);
  const result = current.status === 'loading' && following && lastDone !== null ? lastDone : current;
  const unit = useMemo(() => unitOfQuery(submitted.query), [submitted.query]);

  const go = useCallback((query: string, range: TimeRange) => navigate(explorePath({ query, range, live })), [navigate, live]);
  const run = useCallback(() => {
    const path = explorePath({ query: draft.trim(), range: submitted.range, live: submitted.live });
    setPinned((current) => ({
      search: exploreRunKey(path.slice(path.indexOf('?') + 1)),
      runs: current.runs + 1,
      span: resolveRange(submitted.range, Date.now()),
    }));
    navigate(path);
  }, [draft, submitted, navigate]);
  const complete = useCallback((query: string, position: number) => bridge.invoke('metrics.complete', { query, position }), [bridge]);
  const colors = useMemo(() => {
    const map = new Map<string, string>();
    if (result.status === 'done') result.matrix.result.forEach((one, i) => map.set(seriesName(one.metric), seriesColor(i)));
    return map;
  }, [result]);

  return (
    <>
      <PageHeader title="Explore" description="Try a PromQL query over the local store: as a chart and as values, then turn it into a rule">
        <ScrollRow>
          <TimeRangePicker value={submitted.range} onChange={(range) => go(draft.trim(), range)} />
          <Tooltip
            label={
              following || !live
                ? 'Keeps the range ending now and runs the query again at its step (at most every 5 s)'
                : 'Paused while zoomed: pick a relative range to follow now again'
            }
          >
            <Switch
              label={live && !following ? 'Live (paused while zoomed)' : 'Live'}
              checked={live}
              onChange={(event) => setLive(event.currentTarget.checked)}
              data-testid="explore-live"
            />
          </Tooltip>
        </ScrollRow>
      </PageHeader>
      <Stack gap="sm">
        <PromqlEditor value={draft} onChange={setDraft} onRun={run} complete={complete} error={result.status === 'error' ? result.error : null} />
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            Ctrl/Cmd+Enter runs · Ctrl+Space completes metric names, labels and values
          </Text>
          <Group gap="xs">
            <Tooltip label="Adds it under rules: in the workspace file, after showing the diff">
              <Button
                variant="default"
                leftSection={<IconBellPlus size={14} />}
                disabled={draft.trim() === ''}
                onClick={() => setRuleOpen(true)}
                data-testid="explore-to-rule"
              >
                Turn into a rule
              </Button>
            </Tooltip>
            <Button leftSection={<IconPlayerPlay size={14} />} onClick={run} disabled={draft.trim() === ''} data-testid="explore-run">
              Run query
            </Button>
          </Group>
        </Group>
        {result.status === 'idle' && (
          <Text size="sm" c="dimmed" mt="md" data-testid="explore-empty">
            Type a query, e.g. <Code>probe_success</Code>, <Code>avg_over_time(probe_duration_seconds[5m])</Code> or{' '}
            <Code>avg by (service) (process_cpu_usage_percent)</Code>, and press Ctrl/Cmd+Enter.
          </Text>
        )}
        {result.status === 'loading' && <CenteredLoader />}
        {result.status === 'error' && (
          <Alert color="red" title="The query did not run" data-testid="explore-error">
            {result.error.message}
            <ErrorPlace query={submitted.query} error={result.error} />
          </Alert>
        )}
        {result.status === 'done' && (
          <>
            {/* Read closely here: what the answer lacks is said in full, not only behind the sign. */}
            <ChartWarnings warnings={result.matrix.warnings} variant="text" />
            <ChartPanel
              title={`${result.matrix.result.length} series`}
              hint={`${describeRange(submitted.range)} · step ${result.stepMs / 1000}s${unit.name === '' ? '' : ` · ${unit.name}`}`}
              warnings={result.matrix.warnings}
            >
              {result.matrix.result.length === 0 ? (
                <Text size="sm" c="dimmed" py="lg" ta="center" data-testid="explore-chart-empty">
                  No series has values in this range. Check the metric name and labels (completion lists what the store has).
                </Text>
              ) : (
                <QueryChart
                  matrix={result.matrix}
                  stepMs={result.stepMs}
                  range={span}
                  unit={unit}
                  height={280}
                  onZoom={(range) => go(submitted.query, { kind: 'absolute', ...range })}
                  data-testid="explore-chart"
                />
              )}
            </ChartPanel>
            {result.instant !== null && (
              <InstantTable result={result.instant} unit={unit} at={formatAbsoluteTime(result.end)} colorOf={(name) => colors.get(name)} />
            )}
          </>
        )}
      </Stack>
      {ruleOpen && <RuleFromQueryDialog expr={draft.trim()} onClose={() => setRuleOpen(false)} />}
    </>
  );
}
