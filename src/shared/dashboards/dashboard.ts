import { z } from 'zod';

/** The panel kinds a dashboard offers; the first five read PromQL, the rest read the engine's own lists. */
export const PANEL_KINDS = ['timeseries', 'stat', 'gauge', 'bar', 'table', 'logs', 'alerts', 'services'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** Kinds whose `query` is PromQL (the others: a log search, or none). */
export const PROMQL_PANEL_KINDS: readonly PanelKind[] = ['timeseries', 'stat', 'gauge', 'bar', 'table'];

/** The time ranges a dashboard may open with (the pages' picker offers the same). */
export const DASHBOARD_RANGES = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;

/** Units a panel may show its values in; `auto` guesses from the metric name (`_seconds`, `_bytes`...). */
export const PANEL_UNITS = ['auto', 'none', 'percent', 'ratio', 'seconds', 'ms', 'bytes', 'bytes/s', 'reqps'] as const;
export type PanelUnit = (typeof PANEL_UNITS)[number];

/** The grid is 24 columns wide, as Grafana's, so imported positions keep their shape. */
export const GRID_COLUMNS = 24;

const color = z
  .string()
  .regex(/^(#[0-9a-fA-F]{3,8}|[a-z]+(-[a-z]+)*)$/, 'a colour is #rrggbb or a name (green, yellow, red, blue...)')
  .describe('A colour: #rrggbb or a name.');

const threshold = z.strictObject({
  value: z.number().describe('From this value upwards the colour applies.'),
  color,
});

/** A variable's name as queries write it (`$service`, `${service}`). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const dashboardVariableSchema = z.strictObject({
  name: z.string().regex(VARIABLE_NAME, 'a variable name is letters, digits and _, e.g. service').describe('Written as $name in queries.'),
  label: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name, e.g. service')
    .optional()
    .describe('The label whose values the picker offers (default: the variable name).'),
  match: z.string().max(1000).optional().describe('Only values of series matching this selector, e.g. probe_success.'),
  include_all: z.boolean().default(false).describe('Offer "All" (substituted as .* where the query matches with =~).'),
  multi: z.boolean().default(false).describe('Let several values be picked at once (substituted as a|b where the query matches with =~, each escaped).'),
  default: z.string().max(500).optional().describe('The value picked when the dashboard opens.'),
});

export const panelSchema = z.strictObject({
  id: z.string().min(1).max(64).optional().describe('Stable within the dashboard (assigned when absent).'),
  title: z.string().max(200).default('').describe('Shown at the top of the panel (default: its query).'),
  kind: z.enum(PANEL_KINDS).describe(`What the panel shows: ${PANEL_KINDS.join(', ')}.`),
  query: z.string().max(4000).default('').describe('PromQL for time series, stat, gauge, bar and table; search words for a log stream.'),
  x: z
    .number()
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1)
    .default(0)
    .describe('Column of the left edge, 0 to 23 (the grid is 24 wide).'),
  y: z.number().int().min(0).max(10_000).default(0).describe('Row of the top edge (panels move up into gaps).'),
  w: z.number().int().min(1).max(GRID_COLUMNS).default(12).describe('Width in columns (24 is the full width).'),
  h: z.number().int().min(1).max(100).default(8).describe('Height in rows of 30 px.'),
  legend: z.string().max(500).optional().describe('How a series is named: {{label}} fills in a label, e.g. "{{service}} p95".'),
  unit: z
    .enum(PANEL_UNITS)
    .default('auto')
    .describe(`How values are shown: ${PANEL_UNITS.join(', ')} (auto: from the metric name).`),
  decimals: z.number().int().min(0).max(10).optional().describe('Digits after the point (default: as many as say something).'),
  min: z.number().optional().describe("A gauge's lowest value (default 0)."),
  max: z.number().optional().describe("A gauge's highest value (default 100, or 1 for a ratio)."),
  color: color.optional().describe('The base colour (below every threshold; the first line of a time series).'),
  thresholds: z.array(threshold).max(20).default([]).describe('Colours from a value upwards, e.g. [{ value: 80, color: red }].'),
});

export const dashboardSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'give the dashboard a title').max(200).describe('The heading of the dashboard.'),
    description: z.string().max(2000).optional().describe('A line under the heading.'),
    time: z.enum(DASHBOARD_RANGES).default('6h').describe('The range it opens with.'),
    variables: z.array(dashboardVariableSchema).max(20).default([]).describe('$name pickers above the panels, e.g. [{ name: service }, { name: host }].'),
    panels: z.array(panelSchema).max(200).default([]).describe('The panels on the grid.'),
  })
  .check((ctx) => {
    const names = new Set<string>();
    ctx.value.variables.forEach((variable, i) => {
      if (names.has(variable.name))
        ctx.issues.push({ code: 'custom', input: variable.name, path: ['variables', i, 'name'], message: `variable $${variable.name} is defined twice` });
      names.add(variable.name);
    });
    const ids = new Set<string>();
    ctx.value.panels.forEach((panel, i) => {
      if (panel.x + panel.w > GRID_COLUMNS)
        ctx.issues.push({
          code: 'custom',
          input: panel.w,
          path: ['panels', i, 'w'],
          message: `x + w is ${panel.x + panel.w}, past the grid's ${GRID_COLUMNS} columns`,
        });
      if (PROMQL_PANEL_KINDS.includes(panel.kind) && panel.query.trim() === '')
        ctx.issues.push({ code: 'custom', input: panel.query, path: ['panels', i, 'query'], message: `a ${panel.kind} panel needs a PromQL query` });
      if (panel.id !== undefined) {
        if (ids.has(panel.id)) ctx.issues.push({ code: 'custom', input: panel.id, path: ['panels', i, 'id'], message: `panel id "${panel.id}" is used twice` });
        ids.add(panel.id);
      }
    });
  });

/** What a person writes (defaults optional). */
export type DashboardInput = z.input<typeof dashboardSchema>;
export type Dashboard = z.output<typeof dashboardSchema>;
export type Panel = z.output<typeof panelSchema>;
export type PanelThreshold = z.output<typeof threshold>;
export type DashboardVariable = z.output<typeof dashboardVariableSchema>;

/** A dashboard's key under `dashboards:` and in the console's URL. */
export const DASHBOARD_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Panels with an id each (the grid keys them): given ids kept, the others numbered. */
export function withPanelIds(panels: readonly Panel[]): (Panel & { id: string })[] {
  const taken = new Set(panels.flatMap((panel) => (panel.id === undefined ? [] : [panel.id])));
  let next = 1;
  return panels.map((panel) => {
    if (panel.id !== undefined) return { ...panel, id: panel.id };
    while (taken.has(`p${next}`)) next++;
    taken.add(`p${next}`);
    return { ...panel, id: `p${next}` };
  });
}

/** A dashboard id from a title: "Shop / Checkout" -> "shop-checkout". */
export function dashboardIdOf(title: string): string {
  const id = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id === '' ? 'dashboard' : id;
}
