import { z } from 'zod';
import { parseSelector } from '../../promql/selector';
import { byteSize, duration } from './primitives';

/**
 * What scales Zervigo out onto engines operators already run: remote_write to any
 * Prometheus-compatible store, reading history back from one, and Alertmanager. Keys follow
 * Prometheus' own configuration where it has a name for the thing.
 */

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

const basicAuthSchema = z.strictObject({
  username: z.string().min(1).describe('The user name.'),
  password: z.string().describe('The password (a secret: write it as ${VAR}).'),
});

const httpClientFields = {
  headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers (e.g. X-Scope-OrgID for Mimir).'),
  basic_auth: basicAuthSchema.optional().describe('HTTP basic authentication.'),
};

function seriesSelector(ctx: z.core.ParsePayload<string>): void {
  try {
    parseSelector(ctx.value);
  } catch (error) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: (error as Error).message });
  }
}

const queueSchema = z.strictObject({
  max_samples_per_send: z.number().int().min(1).max(1_000_000).default(2000).describe('Samples per request at most.'),
  batch_send_deadline: duration.prefault('5s').describe('A request waits at most this long to fill up.'),
  max_age: duration
    .prefault('2h')
    .describe('Samples older than this are dropped, not sent: receivers refuse samples older than their head block (2 h in Prometheus).'),
  max_backlog_bytes: byteSize
    .prefault('256MiB')
    .describe('The queue on disk (while the receiver is down or slow) holds at most this much; the oldest goes first.'),
  min_backoff: duration.prefault('30ms').describe('The first retry waits this long…'),
  max_backoff: duration.prefault('5s').describe('…doubling up to this.'),
  retry_on_http_429: z.boolean().default(true).describe('Retry requests answered 429 Too Many Requests (else they are dropped and counted).'),
});

export const remoteWriteSchema = z.strictObject({
  url: httpUrl.describe(
    "The receiver's endpoint, e.g. http://127.0.0.1:9090/api/v1/write (Prometheus) or http://127.0.0.1:8428/api/v1/write (VictoriaMetrics).",
  ),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    .optional()
    .describe('Names it in counters and messages (default: the URL).'),
  ...httpClientFields,
  match: z
    .array(z.string().check(seriesSelector))
    .default([])
    .describe('Series selectors (probe_success, {service="api"}); only series matching one are sent. None: every series.'),
  queue: queueSchema.prefault({}).describe('Batching, retries and the bounded queue that survives a restart.'),
});

export const remoteReadSchema = z.strictObject({
  url: httpUrl.describe(
    'The Prometheus HTTP API base of a store (http://127.0.0.1:9090, http://127.0.0.1:8428): charts and metrics.query read from it (query_range) where local history ends.',
  ),
  ...httpClientFields,
  timeout: duration.prefault('10s').describe('A query waits at most this long; the local data is shown without it otherwise.'),
});

export const alertmanagerSchema = z.strictObject({
  url: httpUrl.describe('An Alertmanager, e.g. http://127.0.0.1:9093 (API v2 under it).'),
  ...httpClientFields,
});

export const alertingTargetsSchema = z.strictObject({
  alertmanagers: z
    .array(alertmanagerSchema)
    .default([])
    .describe('Alertmanagers every alert is sent to, as Prometheus sends them (POST /api/v2/alerts to each).'),
  resend_delay: duration.prefault('1m').describe('Firing alerts are sent again this often.'),
  own_routing: z.boolean().default(true).describe('Also route alerts through routes:/channels: here; false leaves notifications to the Alertmanagers.'),
  silences_poll: duration.prefault('30s').describe("How often the Alertmanagers' silences are read (backing off while one is down)."),
});

export const fleetSettingsSchema = z.strictObject({
  agent_down_for: duration.prefault('30s').describe('An agent unreachable this long fires the built-in AgentDown alert (agent_up == 0).'),
  health_every: duration.prefault('5s').describe("How often each agent's health and latency are checked (a hung agent is noticed within twice this)."),
});

export type RemoteWriteConfig = z.infer<typeof remoteWriteSchema>;
export type RemoteReadConfig = z.infer<typeof remoteReadSchema>;
export type AlertingTargetsConfig = z.infer<typeof alertingTargetsSchema>;
export type AlertmanagerConfig = z.infer<typeof alertmanagerSchema>;
