import { noticesOfService } from '../../shared/notices-of-service';
import type { InsightKind, InsightsView } from '../../shared/types/insights';

/**
 * The insights of one service and/or one kind (an incident belongs to each of its services; a
 * notice to each service whose series it counts, and to every service when about analysis as a whole).
 */
export function filterInsights(view: InsightsView, filter: { service?: string; kind?: InsightKind }): InsightsView {
  const { service, kind } = filter;
  const wants = (k: InsightKind): boolean => kind === undefined || kind === k;
  return {
    ...view,
    anomalies: wants('anomaly') ? view.anomalies.filter((item) => service === undefined || item.service === service) : [],
    incidents: wants('incident') ? view.incidents.filter((item) => service === undefined || item.services.includes(service)) : [],
    forecasts: wants('forecast') ? view.forecasts.filter((item) => service === undefined || item.service === service) : [],
    notices: !wants('notice') ? [] : service === undefined ? view.notices : noticesOfService(view.notices, service),
    advice: wants('advice') ? view.advice.filter((item) => service === undefined || item.service === service) : [],
    findings: wants('finding') ? view.findings.filter((item) => service === undefined || item.service === service) : [],
  };
}
