import { z } from 'zod';
import { parseDuration } from '../duration';
import type {
  ChartData,
  MachineSample,
  MatrixResult,
  ProbeRunResult,
  QueryBatchAnswer,
  ProbeState,
  ProbeTransition,
  SeriesListing,
  ServiceHeartbeats,
  ServiceMonitoring,
} from '../types/monitoring';
import type { InstantResult, PromqlCompletion } from '../types/explore';
import { NoInput } from './app';
import { command, event, returns } from './define';
import { ServiceNames } from './service-names';

/** Prometheus' time parameters: unix seconds (with fractions) or RFC 3339. Parsed to ms. */
const PromTime = z.union([z.number(), z.string().min(1)]).transform((value, ctx) => {
  const text = String(value).trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a time; give unix seconds (1731234567.5) or RFC 3339 (2026-11-22T14:03:12Z)` });
    return z.NEVER;
  }
  return ms;
});

/** Prometheus' step: a duration ("15s", "1m") or a number of seconds. Parsed to ms. */
const PromStep = z.union([z.number(), z.string().min(1)]).transform((value, ctx) => {
  const text = String(value).trim();
  const ms = /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : parseDuration(text);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `step "${text}" is not a positive duration; give seconds (15) or a duration (15s, 1m)` });
    return z.NEVER;
  }
  return ms;
});

const Selector = z.string().trim().min(1, 'give a selector, e.g. probe_success{service="api"}').max(4096);

/** Queries in one metrics.queryBatch: a large dashboard's panels, not a scan of the store. */
export const QUERY_BATCH_LIMIT = 50;
/** One query of a batch: over a range (a chart's lines) or at one moment (a stat, a gauge, a table). */
const BatchQuery = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('range'),
    query: Selector,
    start: PromTime,
    end: PromTime,
    step: PromStep,
    /** Significant digits kept of each value (a chart needs a few, not 17): a smaller answer. */
    digits: z.number().int().min(1).max(17).optional(),
  }),
  z.strictObject({ kind: z.literal('instant'), query: Selector, time: PromTime.optional() }),
]);
const ProbeId = z.strictObject({ id: z.string().min(1).max(512) });
const EpochMs = z.coerce.number().int().nonnegative();
export const monitoringCommands = {
  'metrics.query': command({
    permission: 'view',
    input: z.strictObject({ query: Selector, start: PromTime.optional(), end: PromTime.optional(), step: PromStep.optional() }),
    output: returns<MatrixResult>(),
    rest: 'GET /metrics',
    summary: 'A PromQL expression over a time range, in Prometheus query_range shape',
  }),
  'metrics.queryBatch': command({
    permission: 'view',
    input: z.strictObject({
      queries: z.array(BatchQuery).min(1, 'give at least one query').max(QUERY_BATCH_LIMIT, `at most ${QUERY_BATCH_LIMIT} queries in one batch`),
    }),
    output: returns<QueryBatchAnswer[]>(),
    rest: 'POST /metrics/batch',
    summary:
      'Several range and instant queries in one request (a dashboard’s panels), answered in order, each with its result or its own error: one query that fails does not fail the others',
  }),
  'metrics.instant': command({
    permission: 'view',
    input: z.strictObject({ query: Selector, time: PromTime.optional() }),
    output: returns<InstantResult>(),
    rest: 'GET /metrics/instant',
    summary: 'A PromQL expression at one moment (default: now), in Prometheus /query shape; a parse error carries its place as details { from, to }',
  }),
  'metrics.complete': command({
    permission: 'view',
    input: z.strictObject({ query: z.string().max(4096), position: z.coerce.number().int().min(0).max(4096) }),
    output: returns<PromqlCompletion>(),
    rest: 'GET /metrics/complete',
    summary: 'What may be typed at a place in a PromQL expression: metric names, functions, label names and label values from the series index',
  }),
  'metrics.series': command({
    permission: 'view',
    input: z
      .strictObject({ match: Selector.optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1_000) })
      .optional()
      .default({ limit: 1_000 }),
    output: returns<SeriesListing>(),
    rest: 'GET /metrics/series',
    summary: 'Metric names, series and label values (for pickers)',
  }),
  'metrics.chart': command({
    permission: 'view',
    input: z.strictObject({ query: Selector, start: EpochMs, end: EpochMs, maxPoints: z.coerce.number().int().min(2).max(4_000).default(1_000) }),
    output: returns<ChartData>(),
    rest: 'GET /metrics/chart',
    summary: 'Series downsampled for a chart: avg, min and max per bucket, from the fitting rollup tier',
  }),
  'metrics.exposition': command({
    permission: 'view',
    input: NoInput,
    output: returns<string>(),
    summary: 'The latest value of every probe and machine series, in Prometheus text format',
  }),
  'probes.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<ProbeState[]>(),
    rest: 'GET /probes',
    summary: 'Every probe with its status, last check and latency',
  }),
  'probes.pause': command({
    permission: 'operate',
    input: ProbeId,
    output: returns<ProbeState>(),
    rest: 'POST /probes/pause',
    summary: 'Stop checking a probe until it is resumed',
  }),
  'probes.resume': command({
    permission: 'operate',
    input: ProbeId,
    output: returns<ProbeState>(),
    rest: 'POST /probes/resume',
    summary: 'Check a paused probe again, starting now',
  }),
  'probes.check': command({
    permission: 'operate',
    input: ProbeId,
    output: returns<ProbeState>(),
    rest: 'POST /probes/check',
    summary: 'Run a check of a probe now',
  }),
  'probes.run_once': command({
    permission: 'operate',
    input: z.strictObject({
      service: z.string().min(1).max(128),
      /** A probe as written in a workspace (`http: …`, `every`, `timeout`, `expect`); `command` probes need the shell permission. */
      probe: z.record(z.string(), z.unknown()),
    }),
    output: returns<ProbeRunResult>(),
    rest: 'POST /probes/run_once',
    summary: "Run a probe once on this engine and return its result (a console's remote probe: `from: [this agent]`)",
  }),
  'probes.history': command({
    permission: 'view',
    input: z.strictObject({ id: z.string().min(1).max(512), limit: z.coerce.number().int().min(1).max(1_000).default(50) }),
    output: returns<ProbeTransition[]>(),
    rest: 'GET /probes/history',
    summary: 'Status changes of a probe, newest first',
  }),
  'monitoring.services': command({
    permission: 'view',
    input: NoInput,
    output: returns<ServiceMonitoring[]>(),
    rest: 'GET /monitoring/services',
    summary: 'Availability (24 h, 7 d, 30 d) and a latency sparkline per service',
  }),
  'monitoring.heartbeats': command({
    permission: 'view',
    input: z
      .strictObject({ services: ServiceNames.default([]), limit: z.coerce.number().int().min(1).max(100).default(40) })
      .optional()
      .default({ services: [], limit: 40 }),
    output: returns<ServiceHeartbeats[]>(),
    rest: 'GET /monitoring/heartbeats',
    summary: 'The last checks of each service (every probe, in time order) for heartbeat bars; new ones arrive in probes.changed',
  }),
  'machine.latest': command({
    permission: 'view',
    input: NoInput,
    output: returns<MachineSample | null>(),
    rest: 'GET /machine',
    summary: 'The latest machine sample (CPU, memory, disks, network)',
  }),
};

export const monitoringEvents = {
  'probes.changed': event<ProbeState[]>('Probes checked since the last tick (one event per tick); a change of status is sent at once', 'view'),
  'machine.sample': event<MachineSample>('A new machine sample was collected', 'view'),
};
