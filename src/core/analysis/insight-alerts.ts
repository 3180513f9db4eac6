import type { AdviceInsight, FindingInsight, ForecastInsight, IncidentInsight } from '../../shared/types/insights';
import type { InsightNotifyConfig } from '../config/schema/analysis';
import type { Labels } from '../store/labels';

/**
 * Insights as alerts, so an operator routes them with the same `routes:` tree as everything
 * else (matchers, grouping, silences, inhibition, mute windows): an incident of anomalies while
 * it lasts, a forecast while its threshold is near, advice until it is applied or dismissed.
 * Each is one alert named "insight" whose labels say what it is; it is raised once and stays
 * firing while the insight holds (the router notifies it once, not per evaluation), and is
 * resolved when the insight ends.
 */
export const INSIGHT_ALERT = 'insight';

export interface InsightAlert {
  labels: Labels;
  annotations: Record<string, string>;
}

/** Where insight alerts go: the alerts raised from code (firing at once, routed like a rule's). */
export interface InsightAlertPort {
  /** The insight alerts firing now (of earlier rounds, or of before a restart). */
  firing(): InsightAlert[];
  raise(alert: { alertname: string; labels: Labels; annotations: Record<string, string> }): void;
  resolve(alert: { alertname: string; labels: Labels }): void;
}

/** What analysis knows now; `forecastsKnown` is false until forecasts were worked out once since start. */
export interface InsightsNow {
  now: number;
  incidents: readonly IncidentInsight[];
  forecasts: readonly ForecastInsight[];
  advice: readonly AdviceInsight[];
  /** What analyser plugins found (ended ones included: they are left out here). */
  findings?: readonly FindingInsight[];
  forecastsKnown: boolean;
}

/** Raises the insights that should be alerts and resolves those that no longer are. */
export function syncInsightAlerts(port: InsightAlertPort, config: InsightNotifyConfig, insights: InsightsNow): void {
  const firing = new Map(port.firing().map((alert) => [alert.labels.insight, alert] as const));
  const wanted = config.enabled ? insightAlerts(config, insights, new Set(firing.keys())) : [];
  const wantedById = new Map(wanted.map((alert) => [alert.labels.insight, alert] as const));
  for (const [id, alert] of firing) {
    if (id !== undefined && wantedById.has(id)) continue;
    // Before the first forecast round a forecast alert of before a restart is not known to have ended.
    if (alert.labels.insight_kind === 'forecast' && !insights.forecastsKnown && config.enabled) continue;
    port.resolve({ alertname: INSIGHT_ALERT, labels: withoutName(alert.labels) });
  }
  for (const alert of wanted) {
    const current = firing.get(alert.labels.insight);
    if (current !== undefined && sameLabels(current.labels, alert.labels) && sameLabels(current.annotations, alert.annotations)) continue;
    // The same insight under other labels (its service or severity changed): end the old one first.
    if (current !== undefined && !sameLabels(current.labels, alert.labels)) port.resolve({ alertname: INSIGHT_ALERT, labels: withoutName(current.labels) });
    port.raise({ alertname: INSIGHT_ALERT, labels: alert.labels, annotations: alert.annotations });
  }
}

/** A forecast alert, once raised, lasts until its threshold is this many times the horizon away (no flapping at the edge). */
const FORECAST_HYSTERESIS = 2;

/** The alerts the current insights make under this configuration (`firing`: the insight ids raised already). */
export function insightAlerts(config: InsightNotifyConfig, insights: InsightsNow, firing: ReadonlySet<string | undefined> = new Set()): InsightAlert[] {
  const out: InsightAlert[] = [];
  if (config.anomalies) {
    for (const incident of insights.incidents) {
      if (incident.endedAt !== null || insights.now - incident.startedAt < config.anomalies_for) continue;
      out.push(anomalyAlert(incident));
    }
  }
  if (config.forecasts_within > 0) {
    for (const forecast of insights.forecasts) {
      const horizon = config.forecasts_within * (firing.has(forecast.id) ? FORECAST_HYSTERESIS : 1);
      if (forecast.status === 'fills' && forecast.secondsUntil * 1000 > horizon) continue;
      out.push(forecastAlert(forecast));
    }
  }
  if (config.advice) for (const advice of insights.advice) out.push(adviceAlert(advice));
  if (config.findings) for (const finding of insights.findings ?? []) if (finding.endedAt === null) out.push(findingAlert(finding));
  return out;
}

function anomalyAlert(incident: IncidentInsight): InsightAlert {
  const service = incident.firstMover.labels.service ?? incident.services.find((name) => name !== 'machine');
  return {
    labels: compact({
      insight_kind: 'anomaly',
      insight: incident.id,
      service,
      metric: incident.firstMover.metric,
      severity: 'warning',
    }),
    annotations: {
      summary: `Anomaly: ${incident.summary}`,
      description: `${incident.series.map((series) => series.selector).join(', ')} behave unlike themselves since ${new Date(incident.startedAt).toISOString()} (peak score ${incident.peakScore.toFixed(3)}).`,
      services: incident.services.join(', '),
    },
  };
}

function forecastAlert(forecast: ForecastInsight): InsightAlert {
  return {
    labels: compact({
      insight_kind: 'forecast',
      insight: forecast.id,
      service: forecast.service ?? undefined,
      metric: forecast.series.metric,
      threshold: String(forecast.threshold),
      severity: forecast.status === 'crossed' ? 'critical' : 'warning',
    }),
    annotations: { summary: `Forecast: ${forecast.summary}`, series: forecast.series.selector },
  };
}

function adviceAlert(advice: AdviceInsight): InsightAlert {
  return {
    labels: compact({ insight_kind: 'advice', insight: advice.id, advice: advice.advice, service: advice.service ?? undefined, severity: 'info' }),
    annotations: { summary: `Advice: ${advice.title}`, description: advice.summary, ...(advice.apply === null ? {} : { apply: advice.apply.change }) },
  };
}

function findingAlert(finding: FindingInsight): InsightAlert {
  return {
    labels: compact({
      insight_kind: 'finding',
      insight: finding.id,
      analyser: finding.analyser,
      plugin: finding.plugin,
      service: finding.service ?? undefined,
      severity: finding.severity,
    }),
    annotations: {
      summary: `${finding.target}: ${finding.summary}`,
      ...(finding.evidence.length === 0 ? {} : { evidence: finding.evidence.join(', ') }),
    },
  };
}

function compact(labels: Record<string, string | undefined>): Labels {
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

function withoutName(labels: Labels): Labels {
  const { alertname: _name, ...rest } = labels;
  return rest;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a).filter((key) => key !== 'alertname');
  return keys.length === Object.keys(b).filter((key) => key !== 'alertname').length && keys.every((key) => a[key] === b[key]);
}
