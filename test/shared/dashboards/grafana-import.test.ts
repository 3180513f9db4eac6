import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardSchema } from '../../../src/shared/dashboards/dashboard';
import { readDashboardFile } from '../../../src/shared/dashboards/dashboard-file';
import { GrafanaImportError, importGrafanaDashboard, NEWEST_GRAFANA_SCHEMA } from '../../../src/shared/dashboards/grafana-import';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/grafana/node-overview.json'), 'utf8')) as Record<string, unknown>;

describe('Grafana dashboard import', () => {
  it('maps time series and stat panels with Prometheus queries: position, legend, unit, thresholds, colours, variables, range', () => {
    const { dashboard, adjusted } = importGrafanaDashboard(fixture);
    const parsed = dashboardSchema.parse(dashboard);
    expect(parsed.title).toBe('Node overview');
    expect(parsed.time).toBe('24h');
    expect(parsed.panels.map((panel) => [panel.kind, panel.title])).toEqual([
      ['timeseries', 'CPU busy'],
      ['stat', 'Uptime'],
      ['stat', 'Memory'],
    ]);
    const [cpu, uptime] = parsed.panels;
    expect(cpu).toMatchObject({ x: 0, y: 0, w: 12, h: 8, unit: 'percent', legend: '{{instance}}', color: 'blue' });
    expect(cpu?.thresholds).toEqual([
      { value: 80, color: '#EAB839' },
      { value: 95, color: 'red' },
    ]);
    // Grafana's built-in interval has no counterpart: replaced, and said so.
    expect(cpu?.query).toBe('100 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle",nodename=~"$host"}[5m])) * 100');
    expect(adjusted.some((line) => line.includes('$__rate_interval became 5m'))).toBe(true);
    // A panel inside a collapsed row is imported at its place.
    expect(uptime).toMatchObject({ x: 12, y: 9, w: 6, h: 4, unit: 'seconds', decimals: 0 });
    expect(parsed.variables).toEqual([
      // Grafana's multi-value variable stays one: its picker selects several.
      { name: 'host', label: 'nodename', match: 'node_uname_info', include_all: true, multi: true },
      { name: 'job', label: 'job', include_all: false, multi: false, default: 'node' },
    ]);
  });

  it('lists everything it leaves out: other panel types, other data sources, extra queries, units, variables, annotations', () => {
    const { notImported } = importGrafanaDashboard(fixture);
    const expected = [
      /panel "CPU busy": query B .*one query/,
      /panel "Disk share" \(piechart\)/,
      /panel "Requests": its data source is loki/,
      /panel "Memory": unit "kwatt"/,
      /variable \$datasource \(datasource/,
      /variable \$interval \(interval/,
      /1 annotation query/,
    ];
    for (const pattern of expected)
      expect(
        notImported.some((line) => pattern.test(line)),
        `${pattern} in ${notImported.join(' | ')}`,
      ).toBe(true);
    expect(notImported).toHaveLength(expected.length);
  });

  it('refuses a newer schemaVersion, and the newer resource format, saying why', () => {
    expect(() => importGrafanaDashboard({ ...fixture, schemaVersion: NEWEST_GRAFANA_SCHEMA + 1 })).toThrow(GrafanaImportError);
    expect(() => importGrafanaDashboard({ ...fixture, schemaVersion: NEWEST_GRAFANA_SCHEMA + 1 })).toThrow(
      /schemaVersion 42 is newer than this importer knows \(up to 41\)/,
    );
    expect(() => importGrafanaDashboard({ apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', spec: { elements: {} } })).toThrow(/v2beta1.*newer/);
    // The old panels-in-rows model (before schemaVersion 16) is still read.
    const old = importGrafanaDashboard({
      title: 'Old',
      schemaVersion: 14,
      rows: [{ panels: [{ type: 'singlestat', title: 'Up', targets: [{ expr: 'up' }] }] }],
    });
    expect(old.dashboard.panels).toMatchObject([{ kind: 'stat', query: 'up' }]);
  });

  it('reads the API wrapper { dashboard, meta } as the dashboard', () => {
    const { dashboard } = importGrafanaDashboard({ dashboard: fixture, meta: { slug: 'node' } });
    expect(dashboard.title).toBe('Node overview');
  });
});

describe('a dashboard file', () => {
  it('tells invalid JSON (with its place), a wrong shape and a Grafana refusal apart', () => {
    const json = readDashboardFile('{\n  "title": "x",\n  panels: []\n}');
    expect(json).toMatchObject({ ok: false, kind: 'json' });
    expect(!json.ok && json.message).toMatch(/^not valid JSON at line 3, column 3: /);
    expect(readDashboardFile('{ "title": ')).toMatchObject({ ok: false, kind: 'json' });
    const shape = readDashboardFile(JSON.stringify({ title: 'x', panels: [{ kind: 'pie', query: 'up' }] }));
    expect(shape).toMatchObject({ ok: false, kind: 'shape' });
    expect(!shape.ok && shape.message).toMatch(/panels\[0\]\.kind: expected "timeseries" or/);
    const newer = readDashboardFile(JSON.stringify({ ...fixture, schemaVersion: 99 }));
    expect(newer).toMatchObject({ ok: false, kind: 'grafana' });
  });

  it('reads a Zervigo dashboard, and recognises a Grafana one by its shape', () => {
    const own = readDashboardFile(JSON.stringify({ title: 'Mine', panels: [{ kind: 'stat', query: 'up' }] }));
    expect(own).toMatchObject({ ok: true, format: 'zervigo', dashboard: { title: 'Mine', time: '6h' } });
    const grafana = readDashboardFile(JSON.stringify(fixture));
    expect(grafana).toMatchObject({ ok: true, format: 'grafana' });
    expect(grafana.ok && grafana.notImported.length).toBe(7);
  });
});
