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
  /** The value that raised the alarm, and the series' typical value before it. */
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
  /** Every series that moved, the first mover first. */
  series: InsightSeries[];
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
}

export type Insight = AnomalyInsight | IncidentInsight | ForecastInsight | NoticeInsight;
export type InsightKind = Insight['kind'];

export interface InsightsView {
  at: number;
  /** Newest first within each kind; ongoing before ended. */
  anomalies: AnomalyInsight[];
  incidents: IncidentInsight[];
  forecasts: ForecastInsight[];
  notices: NoticeInsight[];
  /** How many series are scored and forecast now. */
  scoredSeries: number;
  forecastSeries: number;
}
