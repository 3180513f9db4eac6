import { DASHBOARD_RANGES, GRID_COLUMNS, type DashboardInput, type PanelUnit } from './dashboard';

/**
 * Grafana's dashboard JSON model up to this schemaVersion (Grafana 12's classic model) is read;
 * a newer one may have moved fields, so it is refused rather than half-read.
 */
export const NEWEST_GRAFANA_SCHEMA = 41;
/** Older ones kept panels inside `rows` (before 16): flattened. */

export interface GrafanaImport {
  dashboard: DashboardInput;
  /** Everything that was not carried over, one line each: never dropped silently. */
  notImported: string[];
  /** Things carried over in another form ($__rate_interval as 5m...). */
  adjusted: string[];
}

export class GrafanaImportError extends Error {}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

const unitMap: Record<string, PanelUnit> = {
  percent: 'percent',
  percentunit: 'ratio',
  s: 'seconds',
  ms: 'ms',
  bytes: 'bytes',
  decbytes: 'bytes',
  Bps: 'bytes/s',
  binBps: 'bytes/s',
  reqps: 'reqps',
  short: 'none',
  none: 'none',
};

/** Grafana's built-in interval variables have no counterpart: a fixed window that suits 15 s samples. */
const builtInIntervals: [RegExp, string][] = [
  [/\$__rate_interval\b|\$\{__rate_interval\}/g, '5m'],
  [/\$__interval\b|\$\{__interval\}/g, '1m'],
  [/\$__range\b|\$\{__range\}/g, '1h'],
];

/** Grafana colour names ("semi-dark-red", "#EAB839"): a hex is kept, a name keeps its hue. */
function colorOf(value: unknown): string | undefined {
  const given = text(value);
  if (given === undefined || given === '') return undefined;
  if (/^#[0-9a-fA-F]{3,8}$/.test(given)) return given;
  const hue = given.toLowerCase().split('-').pop() ?? '';
  return /^[a-z]+$/.test(hue) ? hue : undefined;
}

/** The dashboard itself: a bare model, or the `{ dashboard, meta }` the HTTP API and some exports wrap it in. */
function modelOf(input: unknown): Json {
  if (!isObject(input)) throw new GrafanaImportError('a Grafana dashboard is a JSON object with "panels" and "schemaVersion"');
  if (isObject(input.dashboard)) return input.dashboard;
  if (typeof input.apiVersion === 'string' && isObject(input.spec))
    throw new GrafanaImportError(
      `this is Grafana's ${input.apiVersion} resource format, which is newer than the classic JSON model this importer reads (schemaVersion up to ${NEWEST_GRAFANA_SCHEMA}); in Grafana use Export → "Export as JSON" with the classic model`,
    );
  return input;
}

/** Panels in order, rows flattened (a collapsed row keeps its panels inside it; old models keep them in `rows`). */
function panelsOf(model: Json): Json[] {
  const out: Json[] = [];
  const visit = (panels: unknown): void => {
    if (!Array.isArray(panels)) return;
    for (const panel of panels) {
      if (!isObject(panel)) continue;
      if (panel.type === 'row') visit(panel.panels);
      else out.push(panel);
    }
  };
  visit(model.panels);
  if (Array.isArray(model.rows)) for (const row of model.rows) if (isObject(row)) visit(row.panels);
  return out;
}

function isPrometheus(datasource: unknown): boolean {
  // Absent or a ${DS_...} input: the dashboard's default, assumed Prometheus; an object names its type.
  if (datasource === undefined || datasource === null || typeof datasource === 'string') return true;
  if (!isObject(datasource)) return false;
  const type = text(datasource.type);
  return type === undefined || type === 'prometheus' || type.startsWith('$') || type === 'datasource';
}

/**
 * A Grafana dashboard (JSON model) as a Zervigo dashboard: time series ("timeseries", the old
 * "graph") and stat ("stat", the old "singlestat") panels with Prometheus queries, their
 * positions, legends, units, thresholds and colours, and `label_values` variables. What cannot
 * be carried over is listed in `notImported`.
 */
export function importGrafanaDashboard(input: unknown): GrafanaImport {
  const model = modelOf(input);
  const schemaVersion = num(model.schemaVersion);
  if (schemaVersion === undefined) {
    if (!Array.isArray(model.panels) && !Array.isArray(model.rows))
      throw new GrafanaImportError('not a Grafana dashboard: it has neither "panels" nor "schemaVersion"');
  } else if (schemaVersion > NEWEST_GRAFANA_SCHEMA)
    throw new GrafanaImportError(
      `schemaVersion ${schemaVersion} is newer than this importer knows (up to ${NEWEST_GRAFANA_SCHEMA}); fields may have moved, so nothing was imported. Export it from a Grafana that writes schemaVersion ${NEWEST_GRAFANA_SCHEMA} or lower, or build it here`,
    );
  const notImported: string[] = [];
  const adjusted: string[] = [];
  const rewrite = (query: string, where: string): string => {
    let out = query;
    for (const [pattern, value] of builtInIntervals) {
      const found = out.match(pattern);
      if (found !== null) {
        adjusted.push(`${where}: ${found[0]} became ${value} (Grafana's built-in interval has no counterpart)`);
        out = out.replace(pattern, value);
      }
    }
    return out;
  };

  const variables: NonNullable<DashboardInput['variables']> = [];
  const templating = isObject(model.templating) && Array.isArray(model.templating.list) ? model.templating.list : [];
  for (const entry of templating) {
    if (!isObject(entry)) continue;
    const name = text(entry.name) ?? '?';
    const type = text(entry.type) ?? 'unknown';
    const query = text(entry.query) ?? (isObject(entry.query) ? text(entry.query.query) : undefined) ?? '';
    const values = /^\s*label_values\(\s*(?:(.+?)\s*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(query);
    if (type !== 'query' || values === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      notImported.push(`variable $${name} (${type}${query === '' ? '' : `: ${query}`}): only label_values(…) query variables are imported`);
      continue;
    }
    const current = isObject(entry.current) ? text(entry.current.value) : undefined;
    variables.push({
      name,
      label: values[2],
      ...(values[1] === undefined ? {} : { match: values[1] }),
      include_all: entry.includeAll === true,
      multi: entry.multi === true,
      ...(current === undefined || current === '$__all' || current.startsWith('$') ? {} : { default: current }),
    });
  }

  const panels: NonNullable<DashboardInput['panels']> = [];
  panelsOf(model).forEach((panel, index) => {
    const type = text(panel.type) ?? 'unknown';
    const title = text(panel.title) ?? '';
    const where = `panel "${title === '' ? `#${index + 1}` : title}"`;
    const kind = type === 'timeseries' || type === 'graph' ? 'timeseries' : type === 'stat' || type === 'singlestat' ? 'stat' : null;
    if (kind === null) {
      notImported.push(`${where} (${type}): only time series and stat panels are imported`);
      return;
    }
    if (!isPrometheus(panel.datasource)) {
      notImported.push(`${where}: its data source is ${text((panel.datasource as Json).type) ?? 'not Prometheus'}, not Prometheus`);
      return;
    }
    const targets = (Array.isArray(panel.targets) ? panel.targets : []).filter(isObject).filter((target) => target.hide !== true);
    const prometheus = targets.filter((target) => isPrometheus(target.datasource) && text(target.expr)?.trim());
    for (const target of targets)
      if (!prometheus.includes(target)) notImported.push(`${where}: query ${text(target.refId) ?? '?'} is not a Prometheus expression`);
    const [first, ...others] = prometheus;
    if (first === undefined) {
      notImported.push(`${where}: it has no Prometheus query`);
      return;
    }
    for (const other of others)
      notImported.push(`${where}: query ${text(other.refId) ?? '?'} (${text(other.expr) ?? ''}): a panel here has one query; add it as its own panel`);
    const grid = isObject(panel.gridPos) ? panel.gridPos : {};
    const x = Math.min(Math.max(Math.round(num(grid.x) ?? 0), 0), GRID_COLUMNS - 1);
    const w = Math.min(Math.max(Math.round(num(grid.w) ?? 12), 1), GRID_COLUMNS - x);
    const defaults = isObject(panel.fieldConfig) && isObject(panel.fieldConfig.defaults) ? panel.fieldConfig.defaults : {};
    const grafanaUnit = text(defaults.unit) ?? text(panel.format) /* singlestat */ ?? undefined;
    let unit: PanelUnit = 'auto';
    if (grafanaUnit !== undefined && grafanaUnit !== '') {
      const mapped = unitMap[grafanaUnit];
      if (mapped === undefined) notImported.push(`${where}: unit "${grafanaUnit}" has no counterpart; the unit is guessed from the metric name`);
      else unit = mapped;
    }
    const steps = isObject(defaults.thresholds) && Array.isArray(defaults.thresholds.steps) ? defaults.thresholds.steps.filter(isObject) : [];
    const base = steps.find((step) => step.value === null || step.value === undefined);
    const thresholds = steps.flatMap((step) => {
      const value = num(step.value);
      const color = colorOf(step.color);
      return value === undefined || color === undefined ? [] : [{ value, color }];
    });
    if (isObject(defaults.thresholds) && defaults.thresholds.mode === 'percentage')
      adjusted.push(`${where}: percentage thresholds were taken as absolute values`);
    const fixed = isObject(defaults.color) && defaults.color.mode === 'fixed' ? colorOf(defaults.color.fixedColor) : undefined;
    const color = fixed ?? (base === undefined ? undefined : colorOf(base.color));
    const legend = text(first.legendFormat);
    const decimals = num(defaults.decimals);
    panels.push({
      title,
      kind,
      query: rewrite(text(first.expr) as string, where),
      x,
      y: Math.max(Math.round(num(grid.y) ?? 0), 0),
      w,
      h: Math.min(Math.max(Math.round(num(grid.h) ?? 8), 1), 100),
      unit,
      thresholds: thresholds.slice(0, 20),
      ...(legend === undefined || legend === '' || legend === '__auto' ? {} : { legend }),
      ...(color === undefined ? {} : { color }),
      ...(decimals === undefined ? {} : { decimals: Math.min(Math.max(Math.round(decimals), 0), 10) }),
      ...(num(defaults.min) === undefined ? {} : { min: num(defaults.min) }),
      ...(num(defaults.max) === undefined ? {} : { max: num(defaults.max) }),
    });
  });
  if (Array.isArray(model.annotations) || (isObject(model.annotations) && Array.isArray(model.annotations.list))) {
    const list = (isObject(model.annotations) ? model.annotations.list : model.annotations) as unknown[];
    const custom = list.filter((entry) => isObject(entry) && entry.builtIn !== 1);
    if (custom.length > 0) notImported.push(`${custom.length} annotation quer${custom.length === 1 ? 'y' : 'ies'}: annotations are not imported`);
  }
  if (Array.isArray(model.links) && model.links.length > 0) notImported.push(`${model.links.length} dashboard link(s): links are not imported`);

  const from = isObject(model.time) ? text(model.time.from) : undefined;
  const relative = from === undefined ? undefined : /^now-(\d+[mhd])$/.exec(from)?.[1];
  let time: DashboardInput['time'];
  if (relative !== undefined && (DASHBOARD_RANGES as readonly string[]).includes(relative)) time = relative as DashboardInput['time'];
  else if (from !== undefined) {
    time = '6h';
    adjusted.push(`time range from "${from}" became the last 6h (dashboards open with 15m, 1h, 6h, 24h, 7d or 30d)`);
  }
  const title = text(model.title)?.trim();
  const description = text(model.description);
  return {
    dashboard: {
      title: title === undefined || title === '' ? 'Imported from Grafana' : title.slice(0, 200),
      ...(description === undefined || description === '' ? {} : { description: description.slice(0, 2000) }),
      ...(time === undefined ? {} : { time }),
      variables,
      panels,
    },
    notImported,
    adjusted,
  };
}
