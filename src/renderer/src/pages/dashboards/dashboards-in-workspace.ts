import { dashboardSchema, type Dashboard } from '../../../../shared/dashboards/dashboard';
import { sectionOf } from '../settings/raw-workspace';

export interface StoredDashboard {
  id: string;
  dashboard: Dashboard;
}

/**
 * The dashboards under `dashboards:` of the running workspace text. The engine accepted the text,
 * so each entry is valid; reading it here (dashboards are not substituted) keeps the renderer on
 * the text the editor and the save dialog also work on.
 */
export function dashboardsIn(content: string): StoredDashboard[] {
  return Object.entries(sectionOf(content, 'dashboards')).flatMap(([id, raw]) => {
    const parsed = dashboardSchema.safeParse(raw);
    return parsed.success ? [{ id, dashboard: parsed.data }] : [];
  });
}

/**
 * A dashboard as it is written into the workspace file: what equals the default is left out,
 * so a saved dashboard reads as a person would write it.
 */
export function dashboardForFile(dashboard: Dashboard): Record<string, unknown> {
  const out: Record<string, unknown> = { title: dashboard.title };
  if (dashboard.description !== undefined) out.description = dashboard.description;
  out.time = dashboard.time;
  if (dashboard.variables.length > 0)
    out.variables = dashboard.variables.map(({ include_all: includeAll, multi, ...rest }) => ({
      ...rest,
      ...(includeAll ? { include_all: true } : {}),
      ...(multi ? { multi: true } : {}),
    }));
  out.panels = dashboard.panels.map((panel) => {
    const { thresholds, unit, query, title, ...rest } = panel;
    const written: Record<string, unknown> = { ...(title === '' ? {} : { title }), ...rest };
    if (query !== '') written.query = query;
    if (unit !== 'auto') written.unit = unit;
    if (thresholds.length > 0) written.thresholds = thresholds;
    return Object.fromEntries(Object.entries(written).filter(([, value]) => value !== undefined));
  });
  return out;
}
