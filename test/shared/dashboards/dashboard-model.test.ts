import { describe, expect, it } from 'vitest';
import { dashboardIdOf, dashboardSchema, withPanelIds } from '../../../src/shared/dashboards/dashboard';
import { dashboardLinkPath, decodeDashboardLink } from '../../../src/shared/dashboards/dashboard-link';
import { parseSelector } from '../../../src/core/promql/selector';
import { ALL_VALUE, legendOf, substituteVariables, variablesIn } from '../../../src/shared/dashboards/variables';

const messages = (value: unknown): string[] => {
  const parsed = dashboardSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the dashboard model', () => {
  it('fills defaults: a 6h range, no variables, panels of 12x8 at 0,0 with auto unit and no thresholds', () => {
    const dashboard = dashboardSchema.parse({ title: 'Shop', panels: [{ kind: 'timeseries', query: 'up' }] });
    expect(dashboard).toEqual({
      title: 'Shop',
      time: '6h',
      variables: [],
      panels: [{ kind: 'timeseries', title: '', query: 'up', x: 0, y: 0, w: 12, h: 8, unit: 'auto', thresholds: [] }],
    });
  });

  it('refuses what a grid or a query cannot show, naming the place', () => {
    expect(messages({ title: '' })).toEqual([': give the dashboard a title'.replace(/^: /, 'title: ')]);
    expect(messages({ title: 'x', panels: [{ kind: 'stat', query: 'up', x: 20, w: 8 }] })).toContain("panels.0.w: x + w is 28, past the grid's 24 columns");
    expect(messages({ title: 'x', panels: [{ kind: 'gauge' }] })).toContain('panels.0.query: a gauge panel needs a PromQL query');
    // The list kinds need no query.
    expect(messages({ title: 'x', panels: [{ kind: 'alerts' }, { kind: 'services' }, { kind: 'logs' }] })).toEqual([]);
    expect(messages({ title: 'x', variables: [{ name: 'service' }, { name: 'service' }] })).toContain('variables.1.name: variable $service is defined twice');
    expect(messages({ title: 'x', panels: [{ kind: 'stat', query: 'up', thresholds: [{ value: 1, color: 'url(x)' }] }] })[0]).toMatch(/colour/);
    expect(messages({ title: 'x', extra: 1 })[0]).toMatch(/extra/);
  });

  it('numbers panels without an id around the ones that have one, and makes ids from titles', () => {
    const panels = dashboardSchema.parse({ title: 'x', panels: [{ kind: 'alerts' }, { kind: 'alerts', id: 'p1' }, { kind: 'alerts' }] }).panels;
    expect(withPanelIds(panels).map((panel) => panel.id)).toEqual(['p2', 'p1', 'p3']);
    expect(dashboardIdOf('Shop / Checkout (prod)')).toBe('shop-checkout-prod');
    expect(dashboardIdOf('!!!')).toBe('dashboard');
  });

  it('carries a dashboard through a link and refuses a damaged one', () => {
    const path = dashboardLinkPath({ dashboard: { title: 'Ünïcode ✓', panels: [{ kind: 'stat', query: 'up{a="/+="}' }] }, notImported: ['panel "x"'] });
    expect(path).toMatch(/^\/dashboards\/open\?d=[A-Za-z0-9_-]+$/);
    const decoded = decodeDashboardLink(path.slice(path.indexOf('=') + 1));
    expect(decoded).toMatchObject({ ok: true, dashboard: { title: 'Ünïcode ✓', panels: [{ query: 'up{a="/+="}' }] }, notImported: ['panel "x"'] });
    expect(decodeDashboardLink('not*base64')).toMatchObject({ ok: false });
    expect(decodeDashboardLink(path.slice(path.indexOf('=') + 1, -10))).toMatchObject({ ok: false });
  });
});

describe('variable substitution', () => {
  const variables = [
    { name: 'service', include_all: true },
    { name: 'host', include_all: false },
  ];

  it('replaces $name and ${name}, escaped for a string or, after =~, for a regex', () => {
    expect(substituteVariables('probe_success{service="$service"}', variables, { service: 'api' })).toEqual({
      ok: true,
      query: 'probe_success{service="api"}',
    });
    expect(substituteVariables('up{host="${host}", service=~"$service"}', variables, { service: 'a.b', host: 'x"y\\z' })).toEqual({
      ok: true,
      query: 'up{host="x\\"y\\\\z", service=~"a\\\\.b"}',
    });
  });

  it('"All" is .* in a regex match, refused in an equality match (it would match nothing, silently)', () => {
    expect(substituteVariables('up{service=~"$service"}', variables, { service: ALL_VALUE })).toEqual({ ok: true, query: 'up{service=~".*"}' });
    const refused = substituteVariables('up{service="$service"}', variables, { service: ALL_VALUE });
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.message).toMatch(/=~/);
  });

  it('several values become a|b in a regex match, each escaped, and the result is a selector PromQL reads as a or b', () => {
    const picked = substituteVariables('up{service=~"$service", host=~"${host}"}', variables, { service: ['api', 'a.b|c'], host: ['x"y'] });
    expect(picked).toEqual({ ok: true, query: 'up{service=~"api|a\\\\.b\\\\|c", host=~"x\\"y"}' });
    const selector = parseSelector((picked as { query: string }).query);
    const service = selector.matchers.find((matcher) => matcher.name === 'service');
    expect(service?.value).toBe('api|a\\.b\\|c');
    // PromQL anchors a regex whole: exactly one of the values, the dot and the bar taken literally.
    const matches = (value: string) => new RegExp(`^(?:${service?.value ?? ''})$`).test(value);
    expect(['api', 'a.b|c'].every(matches)).toBe(true);
    expect(['apix', 'aXb|c', 'a.b', 'c'].some(matches)).toBe(false);
    // All among the picks wins; one value picked in a list reads as that value, also after =.
    expect(substituteVariables('up{service=~"$service"}', variables, { service: ['api', ALL_VALUE] })).toEqual({ ok: true, query: 'up{service=~".*"}' });
    expect(substituteVariables('up{service="$service"}', variables, { service: ['api'] })).toEqual({ ok: true, query: 'up{service="api"}' });
    expect(substituteVariables('up{service=~"$service"}', variables, { service: [] })).toMatchObject({ ok: false });
  });

  it('several values are refused in an equality match, naming the fix', () => {
    const refused = substituteVariables('up{service="$service"}', variables, { service: ['api', 'db'] });
    expect(refused).toEqual({
      ok: false,
      message: '$service has 2 values picked, which only works in a regex match: write {label=~"$service"} instead of {label="$service"}',
    });
  });

  it('says which variable has no value yet, and leaves names that are not variables alone', () => {
    expect(substituteVariables('up{host="$host"}', variables, {})).toEqual({ ok: false, message: '$host has no value yet: pick one above the panels' });
    expect(substituteVariables('up{a="$other"}', variables, {})).toEqual({ ok: true, query: 'up{a="$other"}' });
    expect(variablesIn('a{x="$service"} / b{y="${host}"} + $service')).toEqual(['service', 'host']);
  });

  it('names series from a legend template', () => {
    expect(legendOf('{{service}} on {{ host }}', { service: 'api', host: 'h1' })).toBe('api on h1');
    expect(legendOf('{{missing}}!', {})).toBe('!');
    expect(legendOf(undefined, { a: 'b' })).toBeNull();
  });
});
