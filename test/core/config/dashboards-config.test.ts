import { describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';

function parse(text: string, processEnv: Record<string, string> = {}) {
  return parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv, environment: null });
}

describe('dashboards: in the workspace file', () => {
  it('accepts dashboards by id and keeps ${name} in their queries for the console (not the environment) to fill in', () => {
    const result = parse(
      `version: 1
services:
  api:
    start: node \${ENTRY}
dashboards:
  shop:
    title: Shop
    variables: [{ name: service }]
    panels:
      - { kind: timeseries, query: 'probe_duration_seconds{service="\${service}"}' }
      - { kind: alerts, x: 12 }
`,
      { ENTRY: 'server.js' },
    );
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    const shop = result.workspace.config.dashboards.shop;
    expect(shop?.panels[0]?.query).toBe('probe_duration_seconds{service="${service}"}');
    expect(shop?.panels[1]).toMatchObject({ kind: 'alerts', x: 12, w: 12 });
    // The rest of the file is still substituted.
    expect(result.workspace.config.services.api?.start).toBe('node server.js');
  });

  it('names the line and the field of a bad dashboard', () => {
    const result = parse('version: 1\ndashboards:\n  Shop!:\n    title: x\n  ok:\n    title: y\n    panels:\n      - { kind: stat }\n');
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues.map(formatIssue);
    expect(issues.some((line) => /^zervigo\.yaml:4:\d+: dashboards\.Shop!: a dashboard id is lower-case/.test(line))).toBe(true);
    expect(issues.some((line) => /^zervigo\.yaml:8:\d+: dashboards\.ok\.panels\[0\]: "query" is required/.test(line))).toBe(true);
  });
});
