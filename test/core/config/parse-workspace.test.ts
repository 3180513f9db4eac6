import { describe, expect, it } from 'vitest';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';
import { defaultWorkspaceYaml } from '../../../src/core/config/default-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const parse = (text: string, options: { environment?: string; processEnv?: NodeJS.ProcessEnv } = {}) =>
  parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: options.processEnv ?? {}, environment: options.environment ?? null });

function issuesOf(text: string, options?: { environment?: string; processEnv?: NodeJS.ProcessEnv }): string[] {
  const result = parse(text, options);
  if (result.ok) throw new Error('expected the workspace to be rejected');
  return result.issues.map(formatIssue);
}

describe('parseWorkspace', () => {
  it('accepts the design sketch and fills defaults', () => {
    const result = parse(`version: 1
environments:
  dev:   { vars: { API_PORT: 8080 } }
  prod:  { vars: { API_PORT: 80 }, confirm_destructive: true }
services:
  db:
    start: redis-server --port 6390
    probes: [{ tcp: 127.0.0.1:6390, every: 5s }]
  api:
    cwd: ./api
    start: node server.js
    env: { PORT: "\${API_PORT}" }
    depends_on: [db]
    probes:
      - http: http://127.0.0.1:\${API_PORT}/health
        every: 10s
        timeout: 2s
        expect: { status: 200, max_ms: 500 }
    restart: { policy: on-failure, backoff: 1s..30s, budget: 3 within 10m }
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    labels: { severity: critical }
    then: [{ restart: "{{ $labels.service }}" }]
routes:
  - match: { severity: critical }
    notify: [ops-hook]
    repeat: 1h
channels:
  ops-hook: { webhook: { url: "http://127.0.0.1:9000/alerts" } }
`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config, environment } = result.workspace;
    expect(environment).toBe('dev');
    expect(config.services.api?.env).toEqual({ PORT: '8080' });
    expect(config.services.api?.probes[0]?.http).toBe('http://127.0.0.1:8080/health');
    expect(config.services.api?.probes[0]?.every).toBe(10_000);
    expect(config.services.api?.restart.backoff).toEqual({ initialMs: 1_000, maxMs: 30_000 });
    expect(config.services.api?.restart.budget).toEqual({ restarts: 3, windowMs: 600_000 });
    expect(config.services.db?.probes[0]?.every).toBe(5_000);
    expect(config.routes[0]?.repeat).toBe(3_600_000);
  });

  it('accepts the built-in workspace', () => {
    expect(parse(defaultWorkspaceYaml).ok).toBe(true);
  });

  it('locates unknown keys and suggests the closest known one', () => {
    expect(issuesOf('version: 1\nservices:\n  api:\n    strat: node server.js\n')).toEqual([
      'zervigo.yaml:4:5: services.api: unknown key "strat"; did you mean "start"?',
    ]);
    expect(issuesOf('version: 1\nservcies: {}\n')).toEqual(['zervigo.yaml:2:1: unknown key "servcies"; did you mean "services"?']);
  });

  it('reports wrong types at the value with what was expected', () => {
    const issues = issuesOf('version: 1\nservices:\n  api:\n    depends_on: db\n    probes:\n      - tcp: 127.0.0.1:80\n        every: 10\n');
    expect(issues).toEqual([
      'zervigo.yaml:4:17: services.api.depends_on: expected a list, got "db"',
      'zervigo.yaml:7:16: services.api.probes[0].every: write a unit, e.g. "10s"',
    ]);
  });

  it('reports a missing required key at its parent', () => {
    expect(issuesOf('services: {}\n')).toEqual(['zervigo.yaml:1:1: "version" is required']);
    expect(issuesOf('version: 1\nrules:\n  - expr: up == 0\n')).toEqual(['zervigo.yaml:3:5: rules[0]: "alert" is required']);
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    expect(issuesOf('version: 1\nservices:\n  api: [1\n')).toEqual([
      'zervigo.yaml:3:8: this [ … ] is never closed: add "]" at the end of its value (on this line, or indented under it)',
    ]);
    expect(issuesOf('version: 1\nversion: 1\n')).toEqual(['zervigo.yaml:2:1: this key appears twice in the same mapping']);
    expect(issuesOf('')).toEqual(['zervigo.yaml:1:1: the workspace file is empty; it starts with "version: 1"']);
    expect(issuesOf('- a\n- b\n')).toEqual(['zervigo.yaml:1:1: the workspace must be a mapping of keys (version, services, ...)']);
  });

  // The parser reports three to dozens of errors for one slip; only the first is the person's.
  it('reports only the first YAML syntax error, where it is to be fixed', () => {
    const rest = '    probes:\n      - http: http://127.0.0.1:8080/\n        every: 5s\n  db:\n    start: x\nrules: []\n';
    expect(issuesOf(`version: 1\nservices:\n  api:\n    start: node server.js\n   cwd: ./api\n${rest}`)).toEqual([
      'zervigo.yaml:5:4: this line is not indented like the keys above it: the keys of one mapping start in the same column',
    ]);
    expect(issuesOf(`version: 1\nservices:\n  api:\n    start: "node server.js\n    cwd: ./api\n${rest}`)).toEqual([
      'zervigo.yaml:4:12: this quoted string is never closed: add the closing quote',
    ]);
    expect(issuesOf(`version: 1\nservices:\n  api:\n    start node server.js\n    env: { A: 1\n${rest}`)).toEqual([
      'zervigo.yaml:4:5: expected "key: value" here; is the ":" after "start" missing?',
    ]);
    expect(issuesOf(`version: 1\nservices:\n  api:\n    env: { A: "1", B: 2\n${rest}`)).toEqual([
      'zervigo.yaml:4:10: this { … } is never closed: add "}" at the end of its value (on this line, or indented under it)',
    ]);
    expect(issuesOf('version: 1\nservices:\n\tapi: {}\n')).toEqual(['zervigo.yaml:3:1: a tab indents this line; YAML indents with spaces only']);
    expect(issuesOf("version: 1\nname: it's: fine\n")).toEqual([
      'zervigo.yaml:2:7: a plain value cannot contain ": " (it reads as a second key): put the value in quotes',
    ]);
  });

  it('substitutes from the active environment, then the process environment, and types whole references', () => {
    const text =
      'version: 1\nenvironments:\n  dev: { vars: { PORT: 8080 } }\n  prod: { vars: { PORT: 80 } }\nservices:\n  api:\n    port: ${PORT}\n    env: { TOKEN: "${SECRET}", MODE: "${MODE:-fast}" }\n';
    const dev = parse(text, { processEnv: { SECRET: 's3', PORT: '1' } });
    expect(dev.ok && dev.workspace.config.services.api).toMatchObject({ port: 8080, env: { TOKEN: 's3', MODE: 'fast' } });
    const prod = parse(text, { environment: 'prod', processEnv: { SECRET: 's3' } });
    expect(prod.ok && prod.workspace.environment).toBe('prod');
    expect(prod.ok && prod.workspace.config.services.api?.port).toBe(80);
  });

  it('refuses a missing variable instead of substituting an empty string', () => {
    expect(issuesOf('version: 1\nservices:\n  api:\n    start: node server.js --port ${API_PORT}\n')).toEqual([
      "zervigo.yaml:4:12: ${API_PORT} is not set in the environment's vars or the process environment",
    ]);
  });

  it('keeps $${ as a literal', () => {
    const result = parse('version: 1\nservices:\n  api:\n    env: { TEMPLATE: "$${HOME}" }\n');
    expect(result.ok && result.workspace.config.services.api?.env.TEMPLATE).toBe('${HOME}');
  });

  it('refuses an unknown environment chosen outside the file, with a suggestion', () => {
    const issues = issuesOf('version: 1\nenvironments:\n  staging: {}\n', { environment: 'stagin' });
    expect(issues).toEqual(['zervigo.yaml:3:3: environment: environment "stagin" (chosen outside the file) is not defined; did you mean "staging"?']);
  });

  it('checks references between sections by name', () => {
    const issues = issuesOf(
      'version: 1\nservices:\n  db: {}\n  api:\n    depends_on: [dbb]\nroutes:\n  - notify: [slack]\nchannels:\n  desk: { desktop: true }\n',
    );
    expect(issues).toEqual([
      'zervigo.yaml:5:18: services.api.depends_on[0]: unknown service "dbb"; did you mean "db"?',
      'zervigo.yaml:7:14: routes[0].notify[0]: unknown channel "slack" (known: desk)',
    ]);
  });

  it('never runs shell syntax through a shell unless the file says shell: true', () => {
    expect(issuesOf('version: 1\nservices:\n  web:\n    start: node a.js | tee out.log\n')).toEqual([
      'zervigo.yaml:4:12: services.web.start: "|" is shell syntax; add `shell: true` to run this command through /bin/sh, or write it as a list of arguments',
    ]);
    expect(parse('version: 1\nservices:\n  web:\n    start: node a.js | tee out.log\n    shell: true\n').ok).toBe(true);
  });

  it('requires exactly one kind per probe and per channel', () => {
    expect(issuesOf('version: 1\nservices:\n  a:\n    probes:\n      - { tcp: "127.0.0.1:1", http: "http://127.0.0.1/" }\n')).toEqual([
      'zervigo.yaml:5:9: services.a.probes[0]: a probe has one kind; this one has http and tcp',
    ]);
    expect(issuesOf('version: 1\nchannels:\n  ops: { slak: { webhook: "https://hooks.example" } }\n')).toContain(
      'zervigo.yaml:3:10: channels.ops: unknown key "slak"; did you mean "slack"?',
    );
  });

  it('does not expand aliases without bound (billion laughs)', () => {
    const bomb = [
      'version: 1',
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
    ].join('\n');
    const result = parse(bomb);
    expect(result.ok).toBe(false);
  });
});
