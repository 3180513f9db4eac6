import { z } from 'zod';
import { parsePromql, PromqlError } from '../../promql/parse-promql';
import { duration } from './primitives';
import { describeInputAs } from './input-form';
import { writtenWithKindKey } from './plugin-kind-entry';
import { pluginProbeOptions } from './probe';

/**
 * The `analysis:` section: which series get an anomaly score, how sensitive the detector is,
 * how many series it may hold, how anomalies group into incidents, and which gauges get a
 * "time until threshold" forecast. Everything has a default, so `analysis:` can be left out.
 */

/** What an operator usually wants watched: probes, the machine, processes, log errors. */
export const DEFAULT_ANOMALY_SELECT = [
  'probe_duration_seconds',
  'probe_success',
  'system_cpu_usage_percent',
  'system_memory_usage_percent',
  'system_disk_used_percent',
  'system_network_receive_bytes_per_second',
  'system_network_transmit_bytes_per_second',
  'process_cpu_usage_percent',
  'process_resident_memory_bytes',
  'log_lines_total{level="error"}',
];

/** Gauges that fill or drain, with the level an operator must act before. */
export const DEFAULT_FORECASTS = [
  { select: 'system_disk_used_percent', threshold: 95 },
  { select: 'system_disk_inodes_used_percent', threshold: 95 },
  { select: 'system_memory_usage_percent', threshold: 95 },
  { select: 'probe_ssl_cert_days_left', threshold: 7 },
];

/**
 * Beyond this many series the engine refuses the setting. Starting a detector and saving its
 * state (every 10 minutes, in one transaction) each cost about 0.1 ms of CPU per series, done in
 * one go: 100,000 series blocked the engine 12 s when they first arrived and ~30 s per save
 * (measured at load 4-6), 20,000 about 2 s each.
 */
export const MAX_ANOMALY_SERIES_LIMIT = 20_000;

/** A series selector (`probe_duration_seconds{service="api"}`), checked with PromQL's grammar. */
const seriesSelector = z
  .string()
  .min(1, 'the selector is empty')
  .check((ctx) => {
    try {
      const parsed = parsePromql(ctx.value);
      if (parsed.expr.kind !== 'vector' || parsed.expr.offsetMs !== 0) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: 'write a series selector like probe_duration_seconds{service="api"}, not an expression',
          params: { offset: 0 },
        });
      }
    } catch (error) {
      if (!(error instanceof PromqlError)) throw error;
      ctx.issues.push({ code: 'custom', input: ctx.value, message: error.message, params: { offset: error.from } });
    }
  })
  .meta({ title: 'series selector: name{label="value"}', examples: ['probe_duration_seconds{service="api"}'] });

const anomaliesSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('false turns anomaly scores off.'),
  select: z
    .array(seriesSelector)
    .default(DEFAULT_ANOMALY_SELECT)
    .describe('Series to score: each new sample of a matching series gets anomaly_score{…} in [0, 1] (a *_total counter is scored as its rate).'),
  sensitivity: z
    .enum(['low', 'normal', 'high'])
    .default('normal')
    .describe(
      'How unusual a sample must be to score 0.99: normal is the level tuned on NAB; low asks for one about 4.5 times rarer, high accepts one about 2.7 times less rare.',
    ),
  max_series: z
    .int()
    .min(1)
    .max(
      MAX_ANOMALY_SERIES_LIMIT,
      `at most ${MAX_ANOMALY_SERIES_LIMIT.toLocaleString('en-US')} series (more stall the engine when they start and at each state save); narrow select instead`,
    )
    .default(10_000)
    .describe('Series scored at most; beyond it new series are not scored and an insight says so.'),
});

const incidentsSchema = z.strictObject({
  window: duration
    .prefault('5m')
    .describe('Anomalies of one service, or of services linked by depends_on, that start within this long of each other are one incident.'),
  resolve_after: duration
    .prefault('2m')
    .describe('An incident resolves once nothing of it (alert, outage, anomaly) has been wrong for this long; something new before then joins it.'),
});

const forecastSchema = z.strictObject({
  select: seriesSelector.describe('The gauges to forecast.'),
  threshold: z.number().describe('The level to forecast the time until (forecast_seconds_until{…, threshold}).'),
  direction: z
    .enum(['up', 'down'])
    .optional()
    .describe('up: filling towards the threshold; down: draining towards it (default: the side the threshold is on).'),
});

/**
 * One analyser a plugin contributes, written `- <kind>: {options}` like a plugin probe (the parser
 * moves the kind key into `plugin`): every `every` it is given `window` of the series `select`
 * matches and returns findings, which are insights.
 */
const analyserFields = {
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a name is lowercase letters, digits and "-", starting with a letter')
    .optional()
    .describe('Its name on the Insights page and in alerts (default: the kind); two analysers may not share one.'),
  select: z.array(seriesSelector).min(1, 'select at least one series selector').max(20).describe('The series it is given.'),
  every: duration.prefault('1m').describe('How often it runs.'),
  window: duration.prefault('1h').describe('How far back the series it is given reach.'),
  timeout: duration.prefault('10s').describe('How long one round may take; a slower one is abandoned and said so in a notice.'),
};
const analyserSchema = describeInputAs(
  z.strictObject({ plugin: pluginProbeOptions.describe('The analyser kind and its options, written `- <kind>: {options}`.'), ...analyserFields }),
  writtenWithKindKey('analyser', analyserFields),
);
export type AnalyserConfig = z.infer<typeof analyserSchema>;

/** Which insights become alerts (alertname="insight"), routed by `routes:` like any other. */
const notifySchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe(
      'true: insights are raised as alerts named "insight" (labels insight_kind, insight, service, severity) and routed, grouped, silenced and inhibited by routes: like any alert.',
    ),
  anomalies: z.boolean().default(true).describe('An incident of anomalies (one series or several that moved together) is an alert while it lasts.'),
  anomalies_for: duration
    .prefault('2m')
    .describe('An incident of anomalies becomes an alert once it has lasted this long (a blip of a few samples stays an insight).'),
  forecasts_within: duration
    .prefault('6h')
    .describe('A forecast becomes an alert while its threshold is forecast within this long (or already crossed); 0s turns forecast alerts off.'),
  advice: z.boolean().default(true).describe('New advice is an alert (severity info) until it is applied, dismissed or no longer holds.'),
  findings: z.boolean().default(true).describe("An analyser plugin's finding is an alert (its own severity) while the analyser returns it."),
});

export const analysisSchema = z.strictObject({
  anomalies: anomaliesSchema.prefault({}).describe('Anomaly scores of selected series.'),
  incidents: incidentsSchema.prefault({}).describe('How anomalies are grouped into incidents.'),
  forecasts: z
    .array(forecastSchema)
    .default(DEFAULT_FORECASTS)
    .describe('Gauges that fill or drain: time until each threshold, as forecast_seconds_until{…} and insights.'),
  forecast_every: duration.prefault('1m').describe('How often forecasts are recomputed.'),
  notify: notifySchema
    .prefault({})
    .describe('Insights as alerts (alertname="insight"): off unless enabled, so existing routes do not start sending them after an upgrade.'),
  analysers: z
    .array(analyserSchema)
    .max(50)
    .default([])
    .check((ctx) => {
      const seen = new Set<string>();
      ctx.value.forEach((entry, index) => {
        const name = entry.name ?? entry.plugin.kind;
        if (seen.has(name))
          ctx.issues.push({
            code: 'custom',
            input: entry,
            path: [index],
            message: `another analyser is named "${name}"; give this one a name of its own (name:)`,
          });
        seen.add(name);
      });
    })
    .describe('Analysers contributed by plugins (`- <kind>: {options}` with select, every, window): what they find are insights.'),
  advice_every: duration
    .prefault('5m')
    .describe('How often advice (flapping alerts, probes near their timeout, memory growth, …) is worked out again; its evidence spans hours.'),
});

export type AnalysisConfig = z.infer<typeof analysisSchema>;
export type InsightNotifyConfig = z.infer<typeof notifySchema>;
