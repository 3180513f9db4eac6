import type { ConfigIssue } from './workspace';

/**
 * What analysis found, as the console, the API and the CLI show it: anomalies (one series
 * behaving unlike itself), incidents (anomalies of related services that started together),
 * forecasts (a gauge reaching its threshold) and notices (analysis itself degraded, and why).
 */
/** `anomaly_score` at or above this is "the detector raised an alarm" (charts shade it, rules test it). */
export const ANOMALY_ALARM_SCORE = 0.99;

export interface InsightSeries {
  /** The scored series' metric name (probe_duration_seconds). */
  metric: string;
  labels: Record<string, string>;
  /** The series' PromQL selector, for links to charts. */
  selector: string;
}

export interface AnomalyInsight {
  kind: 'anomaly';
  id: string;
  series: InsightSeries;
  service: string | null;
  startedAt: number;
  /** The last sample of the episode; null while it lasts. */
  endedAt: number | null;
  /** The latest sample scored during the episode. */
  lastAt: number;
  /** Highest anomaly score of the episode. */
  peakScore: number;
  /** The value that raised the alarm, and the series' typical value before it (for a departure from its daily or weekly rhythm, what the rhythm expected there). */
  value: number;
  typical: number;
  summary: string;
}

export interface IncidentInsight {
  kind: 'incident';
  id: string;
  startedAt: number;
  endedAt: number | null;
  services: string[];
  /** The series that moved, the first mover first: at most the first movers and the strongest (see incident-grouper). */
  series: InsightSeries[];
  /** Series that joined beyond those listed (counted, not kept: memory stays bounded). */
  moreSeries: number;
  firstMover: InsightSeries;
  peakScore: number;
  summary: string;
}

export interface ForecastInsight {
  kind: 'forecast';
  id: string;
  series: InsightSeries;
  service: string | null;
  threshold: number;
  direction: 'up' | 'down';
  status: 'fills' | 'crossed';
  /** Seconds until the threshold from `at` (0 when crossed), with its 80 % interval. */
  secondsUntil: number;
  interval: [number, number | null] | null;
  level: number | null;
  at: number;
  summary: string;
}

export interface NoticeInsight {
  kind: 'notice';
  id: string;
  at: number;
  summary: string;
  /**
   * The services whose series it is about, each with the same sentence counting and naming only
   * that service's series (a filter by service shows that one); [] when none of them has a service
   * label (the machine's); null when it is about analysis as a whole (max_series reached, an
   * analyser that cannot run), which concerns every service.
   */
  services: NoticeShare[] | null;
}

/** One service's part of a notice. */
export interface NoticeShare {
  service: string;
  summary: string;
}

/** What each piece of advice is about; one advisor each (src/core/analysis/advice/). */
export const ADVICE_KINDS = ['alert-flapping', 'probe-timeout', 'memory-growth', 'restart-budget', 'probe-interval', 'unprobed-port', 'log-pattern'] as const;
export type AdviceKind = (typeof ADVICE_KINDS)[number];

/** One number that justifies a piece of advice: raw for scripts, `text` with its unit for people. */
export interface AdviceFact {
  name: string;
  value: number;
  unit: 'ms' | 'bytes' | 'bytes/h' | 'count' | 'ratio' | 'seconds' | 'epoch_ms';
  text: string;
}

/** A series to chart beside the advice, over `from`..`to` of its evidence; `threshold` drawn as a line. */
export interface AdviceChart {
  title: string;
  /** A selector `metrics.chart` accepts. */
  query: string;
  unit: 'seconds' | 'bytes' | 'count' | 'ratio';
  threshold?: number;
}

/** A change to the workspace file, as `workspace.edit` takes it. */
export interface AdviceEdit {
  path: (string | number)[];
  value: unknown;
}

export interface AdviceInsight {
  kind: 'advice';
  /** Stable for the same subject ("probe-timeout:api/http#0"): a dismissal is kept under it. */
  id: string;
  advice: AdviceKind;
  service: string | null;
  /** When it was worked out. */
  at: number;
  title: string;
  /** What to do and why, in one or two sentences with the numbers. */
  summary: string;
  facts: AdviceFact[];
  charts: AdviceChart[];
  /** The stretch of time the evidence covers. */
  from: number;
  to: number;
  /** Where it changes the workspace: the edits and what they do ("timeout: 2s → 5s"); null: nothing to apply. */
  apply: { change: string; edits: AdviceEdit[] } | null;
}

/**
 * What an analyser plugin found (analysis.analysers): it holds while the analyser returns it at
 * each round, and ends at the first round that does not.
 */
export interface FindingInsight {
  kind: 'finding';
  /** "finding:<analyser>:<the plugin's key>": stable while the analyser returns the same key. */
  id: string;
  /** The analyser's name in the workspace, its kind and the plugin that provides it. */
  analyser: string;
  analyserKind: string;
  plugin: string;
  severity: 'critical' | 'warning' | 'info';
  service: string | null;
  target: string;
  summary: string;
  /** Selectors of the series that show it. */
  evidence: string[];
  startedAt: number;
  /** The last round that returned it. */
  lastAt: number;
  endedAt: number | null;
}

export type Insight = AnomalyInsight | IncidentInsight | ForecastInsight | NoticeInsight | AdviceInsight | FindingInsight;
export type InsightKind = Insight['kind'];

export interface InsightsView {
  at: number;
  /** Newest first within each kind; ongoing before ended. */
  anomalies: AnomalyInsight[];
  incidents: IncidentInsight[];
  forecasts: ForecastInsight[];
  notices: NoticeInsight[];
  /** Suggestions with their evidence, dismissed ones left out; worked out every few minutes. */
  advice: AdviceInsight[];
  /** What analyser plugins found; ongoing first, newest first. */
  findings: FindingInsight[];
  /** How many series are scored and forecast now. */
  scoredSeries: number;
  forecastSeries: number;
}

/** What applying a piece of advice did (or, with dryRun, would do) to the workspace file. */
export interface AdviceApplyResult {
  id: string;
  change: string;
  /** Unified diff against the running version. */
  diff: string;
  /** The running version the diff was made on: pass it back to save exactly this diff. */
  baseVersionId: number;
  /** Problems the changed file would have (then nothing is saved). */
  issues: ConfigIssue[];
  applied: boolean;
  /** The new version in the config history, when applied. */
  versionId: number | null;
}
