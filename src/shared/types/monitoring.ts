import type { ProbeKind, ProbeRole } from './service';
import type { ErrorBody } from '../errors';
import type { InstantResult } from './explore';

/**
 * A probe's state as the operator sees it: `pending` while a failure is being retried,
 * `down` once the retries are spent, `paused` when deliberately not checked.
 */
export type ProbeStatus = 'unknown' | 'up' | 'pending' | 'down' | 'paused';

export interface ProbeState {
  /** "<service>/<name or kind#index>", as in ProbeSummary. */
  id: string;
  service: string;
  kind: ProbeKind;
  target: string;
  /** liveness: a failure restarts the service; readiness: it only gates readiness. */
  role: ProbeRole;
  status: ProbeStatus;
  /** Why the last check failed, in words; null when it passed. */
  reason: string | null;
  lastCheckAt: number | null;
  /** How long the last check took. */
  latencyMs: number | null;
  /** When the status last changed. */
  since: number | null;
  nextCheckAt: number | null;
  everyMs: number;
  retryEveryMs: number;
  retries: number;
  /** Failed checks in a row. */
  failures: number;
}

/** One change of a probe's status, kept in the database for the service page's history. */
export interface ProbeTransition {
  probeId: string;
  at: number;
  status: ProbeStatus;
  reason: string | null;
}

export interface DiskSample {
  mountpoint: string;
  usedPercent: number;
  freeBytes: number;
  totalBytes: number;
  inodesUsedPercent: number | null;
}

export interface NetworkSample {
  interface: string;
  receiveBytesPerSecond: number;
  transmitBytesPerSecond: number;
  errorsPerSecond: number;
}

/** The machine panel's live numbers; the same values go to the system_* series. */
export interface MachineSample {
  at: number;
  host: string;
  /** Busy share of all cores; null on the first collection (a rate needs two). */
  cpuPercent: number | null;
  cpuCores: number[];
  load: [number, number, number];
  memory: { usedBytes: number; totalBytes: number; percent: number; swapUsedBytes: number; swapTotalBytes: number };
  disks: DiskSample[];
  network: NetworkSample[];
}

/** Availability as a fraction (0..1) of passed checks; null where there were no checks. */
export interface Availability {
  '24h': number | null;
  '7d': number | null;
  '30d': number | null;
}

/** What the overview shows of a service beyond its status: uptime and a latency sparkline. */
export interface ServiceMonitoring {
  name: string;
  /** The probe whose latency the sparkline shows (the first one declared), or null. */
  primaryProbe: string | null;
  availability: Availability;
  /** Latency of the primary probe over the last hour, in ms, one point per minute. */
  latency: { ts: number[]; values: number[] };
  /**
   * Days until the soonest TLS certificate expiry among its HTTPS probes (probe_ssl_cert_days_left),
   * with the probe that saw it; null when it has no HTTPS probe or none has answered yet.
   */
  certificate: { daysLeft: number; probe: string } | null;
}

/** One check, as a tick of a heartbeat bar. */
export interface Heartbeat {
  at: number;
  /** Its probe's id ("api/http#0"). */
  probe: string;
  /** up: it passed; pending: it failed within its retries; down: it failed with the retries spent. */
  status: 'up' | 'pending' | 'down';
  latencyMs: number | null;
  /** Why it failed; null when it passed. */
  reason: string | null;
}

/** The last checks of a service's probes, oldest first, merged in time order. */
export interface ServiceHeartbeats {
  service: string;
  beats: Heartbeat[];
}

/** Prometheus' query_range result shape (the `data` of its response). */
export interface MatrixResult {
  resultType: 'matrix';
  result: { metric: Record<string, string>; values: [number, string][] }[];
  /** As Prometheus' API: what the answer lacks (a remote_read store that did not answer). */
  warnings?: string[];
}

/** One answer of metrics.queryBatch, in the order asked: a range query's matrix or an instant query's result, or why it failed. */
export type QueryBatchAnswer = { ok: true; result: MatrixResult | InstantResult } | { ok: false; error: ErrorBody };

/** Names and label values for pickers. */
export interface SeriesListing {
  names: string[];
  series: Record<string, string>[];
  labelValues: Record<string, string[]>;
  /** True when more series matched than were listed. */
  truncated: boolean;
}

/** One series of a chart: parallel arrays ready for uPlot (buckets without samples are absent). */
export interface ChartSeries {
  labels: Record<string, string>;
  ts: number[];
  avg: number[];
  min: number[];
  max: number[];
}

export interface ChartData {
  start: number;
  end: number;
  stepMs: number;
  tier: 'raw' | '1m' | '1h';
  series: ChartSeries[];
  /** What the chart lacks (a remote_read store that did not answer). */
  warnings?: string[];
}

/** One check of a probe run on request (probes.run_once): what a console's remote probe receives. */
export interface ProbeRunResult {
  ok: boolean;
  reason: string | null;
  durationMs: number;
  samples: { name: string; value: number; labels?: Record<string, string> }[];
}
