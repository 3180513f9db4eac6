/**
 * The Zervigo plugin SDK: the types a plugin implements and `definePlugin`, which only checks
 * them. A plugin's main module exports `definePlugin({...})`; the engine runs it in a process of
 * its own (the runtime in host-runtime.ts) and calls its kinds over IPC. Imports nothing, so it
 * can be published as its own package.
 */
export type { CallMethod, Contributions } from './protocol';

export { PermanentError } from './post-json';

export interface CallContext {
  /** Aborted when the engine's per-call timeout passes or the call is cancelled. */
  signal: AbortSignal;
  timeoutMs: number;
  /**
   * POSTs JSON within this call's signal, as the built-in channels do: resolves with what the
   * receiver said ("HTTP 200 ok"); a 4xx other than 408/429 throws a PermanentError (not retried),
   * anything else an error Zervigo retries.
   */
  postJson(url: string, body: unknown, headers?: Record<string, string>): Promise<string>;
}

export interface Sample {
  name: string;
  value: number;
  labels?: Record<string, string>;
}

/** What one check reports: success, why not, and any values it measured. */
export interface CheckResult {
  ok: boolean;
  reason?: string;
  samples?: Sample[];
}

export interface ProbeKind<Options = Record<string, unknown>> {
  check(options: Options, context: CallContext): Promise<CheckResult>;
}

/** One alert of a notification. */
export interface NotifiedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  /** Stable per alert (its label set): a receiver can deduplicate on it. */
  fingerprint: string;
  value: number | null;
}

/**
 * A notification as channels receive it: what the built-in channels format their messages from.
 * `key` is the same for every attempt of one notification (an idempotency key); `groupKey` is the
 * same for every notification about one group of alerts, firing and resolved (a dedup key).
 */
export interface Notification {
  key: string;
  groupKey: string;
  /** The channel's name in the workspace. */
  channel: string;
  status: 'firing' | 'resolved';
  /** "[FIRING:2] HighCpu (host=a)", as the built-in channels title it. */
  title: string;
  /** A line per alert ("HighCpu service=api — CPU 93%"), or the report's summary. */
  summary: string;
  /** The worst severity: critical, warning, info, or resolved. */
  severity: 'critical' | 'warning' | 'info' | 'resolved';
  /** The labels and annotations every alert shares. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  /** The console's alerts page, when known. */
  url: string | null;
  alerts: NotifiedAlert[];
  /** A reminder of alerts still firing, not news. */
  reminder: boolean;
  /** "Send test" from Settings. */
  test: boolean;
}

export interface ChannelKind<Options = Record<string, unknown>> {
  /** Delivers one notification; what it returns (a string, or { message }) is shown as what the receiver said. */
  send(options: Options, notification: Notification, context: CallContext): Promise<void | string | { message: string }>;
}

/** What an action is run with: the firing alert. Options reach the kind with {{ $labels.x }} and {{ $value }} already filled in. */
export interface ActionInput {
  rule: string;
  service: string | null;
  labels: Record<string, string>;
  value: number;
}

export interface ActionKind<Options = Record<string, unknown>> {
  /** Does the action; its message goes into the audit entry. Throwing records a failed entry with the error's message. A dry run never calls it. */
  run(options: Options, input: ActionInput, context: CallContext): Promise<{ message: string }>;
}

/** One bucket of a series: its mean value over `count` samples (a bucket is one sample when the window is short). */
export interface SeriesPoint {
  ts: number;
  value: number;
  count: number;
}

/** One series an analyser asked for (its `select`), over the window, oldest point first. */
export interface AnalysedSeries {
  metric: string;
  labels: Record<string, string>;
  /** Its PromQL selector: what a finding names as evidence. */
  selector: string;
  points: SeriesPoint[];
}

/** What an analyser is given at each round: the series its entry selects, from `from` to `to` (= now). */
export interface AnalyserInput {
  /** The analyser's name in the workspace. */
  analyser: string;
  from: number;
  to: number;
  series: AnalysedSeries[];
}

/**
 * Something an analyser found. A finding returned again at the next round (same `key`) is the same
 * insight going on; one no longer returned has ended. It is shown on the Insights page and, with
 * analysis.notify, raised as an alert (alertname="insight", insight_kind="finding").
 */
export interface Finding {
  /** Stable for one subject across rounds ("api/fast-burn"): at most 200 characters. */
  key: string;
  /** One sentence with the numbers, as a person reads it. */
  summary: string;
  severity: 'critical' | 'warning' | 'info';
  /** The service it is about, when it is about one. */
  service?: string;
  /** What it is about in words ("probe_success of api"), default the service. */
  target?: string;
  /** Selectors of the series that show it (charted beside it). */
  evidence?: string[];
}

export interface AnalyserKind<Options = Record<string, unknown>> {
  /** Called every `every` of its workspace entry within its `timeout`; returns what holds now (possibly nothing). */
  analyse(options: Options, input: AnalyserInput, context: CallContext): Promise<Finding[]>;
}

/** What a log parser is given: raw lines (oldest first) of one source, with whose they are. */
export interface LogParserInput {
  service: string;
  /** The source's name: a file's path, or "<service>:stdout". */
  source: string;
  lines: string[];
}

/**
 * One line read by a log parser. `ts` (ms since epoch, or an ISO 8601 string) and `level` are
 * what the Logs page filters and sorts on; `message` is what error-pattern finding groups (default
 * the whole line); `continues: true` joins the line to the entry before it (a stack trace, a
 * DETAIL line). The line itself is stored as written.
 */
export interface ParsedLogLine {
  ts?: number | string;
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  message?: string;
  /** Accepted and checked; not stored yet (the line's text is searchable, field:value search is not). */
  fields?: Record<string, string | number | boolean>;
  continues?: boolean;
}

export interface LogParserKind<Options = Record<string, unknown>> {
  /** One answer per line, in order: a parsed line, or null for a line it does not recognise (read as the built-in parser reads it). */
  parse(options: Options, input: LogParserInput, context: CallContext): Promise<(ParsedLogLine | null)[]>;
}

export interface PluginDefinition {
  probes?: Record<string, ProbeKind<never>>;
  channels?: Record<string, ChannelKind<never>>;
  actions?: Record<string, ActionKind<never>>;
  analysers?: Record<string, AnalyserKind<never>>;
  logParsers?: Record<string, LogParserKind<never>>;
}

/** Returns the definition as given: it exists so the compiler checks a plugin against the SDK. */
export function definePlugin<Definition extends PluginDefinition>(definition: Definition): Definition {
  return definition;
}
