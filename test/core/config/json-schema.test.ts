import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultWorkspaceYaml } from '../../../src/core/config/default-workspace';
import { workspaceJsonSchema } from '../../../src/core/config/json-schema';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const full = `version: 1
name: shop
environment: dev
environments:
  dev:  { vars: { API_PORT: 8080 } }
  prod: { vars: { API_PORT: 80 }, confirm_destructive: true }
machine: { every: 5s, mounts: ["/"] }
monitoring: { concurrency: 32 }
services:
  db:
    start: redis-server --port 6390
    port: 6390
    probes: [{ tcp: 127.0.0.1:6390, every: 1s, timeout: 500ms, retry_every: 100ms }]
  api:
    start: [node, server.js]
    cwd: ./api
    env: { PORT: "\${API_PORT}", DEBUG: true }
    depends_on: [db]
    tmux: true
    logs: [./api/logs/*.log, { path: ./api/worker.log, from: start, format: json, multiline: { start: '^\\d{4}-' } }]
    restart: { policy: on-failure, backoff: 1s..30s, budget: 3 within 10m, min_uptime: 30s }
    probes:
      - name: health
        http: { url: "http://127.0.0.1:\${API_PORT}/health", method: POST, max_body: 1MiB }
        every: 10s
        retries: 2
        expect: { status: [200, "3xx"], max_ms: 500, body_json: { "$.status": UP } }
      - process: self
      - command: [pg_isready, -h, 127.0.0.1]
        expect: { exit_code: 0 }
      - prometheus: http://127.0.0.1:9100/metrics
    ready_timeout: 1m
    stop_grace: 10s
evaluation_interval: 10s
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    for: 30s
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.service }} is down" }
    flapping: false
    then: [{ restart: "{{ $labels.service }}" }, { exec: [./dump.sh], timeout: 30s, dry_run: true }]
rule_groups:
  - name: capacity
    interval: 1m
    rules: [{ alert: DiskFull, expr: system_disk_free_percent < 5 }]
inhibit:
  - { source_match: { alertname: HostDown }, target_match_re: { alertname: "Service.*" }, equal: [host] }
routes:
  - match: { severity: critical }
    notify: [desktop, slack-ops, oncall, receiver]
    group_by: [alertname, service]
    group_wait: 0s
    repeat: 1h
    repeat_backoff: 2
    mute_when: [maintenance]
time_windows:
  maintenance: [{ weekdays: [sat, sun], times: "22:00-06:00" }]
channels:
  desktop:   { desktop: true }
  slack-ops: { slack: { webhook: "https://hooks.slack.com/services/T/B/x", channel: "#ops" } }
  oncall:    { email: { smtp: "smtp://mail.example.com:587", from: zervigo@example.com, to: [oncall@example.com] } }
  receiver:  { webhook: { url: "http://127.0.0.1:9000/alerts", headers: { X-Team: ops } }, send_resolved: true }
tmux:
  socket: shop
  layouts:
    dev:
      windows:
        - name: code
          layout: main-vertical
          panes: [vim, { command: npm run watch, depends_on: [api] }]
storage:
  retention: { raw: 48h, 1m: 30d }
  logs: { max_size: 1GiB, max_age: 14d }
logs:
  files: [{ path: /var/log/nginx/*.log, service: api }]
  journal: { units: [nginx.service] }
  max_line: 64KB
status_page:
  slug: shop
  title: Shop status
  description: Live status of the shop.
  services: [api, { service: db, name: Database }]
  heartbeats: 40
`;

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  return ajv.compile(workspaceJsonSchema(builtinKinds));
}

describe('the workspace JSON Schema', () => {
  const validate = validator();
  const accepts = (yaml: string): boolean => validate(parse(yaml));

  it('accepts a full workspace that the engine accepts, and the built-in one', () => {
    expect(parseWorkspace(full, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} }).ok).toBe(true);
    expect(validate(parse(full)), JSON.stringify(validate.errors)).toBe(true);
    expect(accepts(defaultWorkspaceYaml)).toBe(true);
  });

  it('rejects what the engine rejects for its shape: unknown keys, two probe kinds, numbers without units, bad ranges', () => {
    expect(accepts('services: {}\n')).toBe(false);
    expect(accepts('version: 1\nservices:\n  api: { strat: node server.js }\n')).toBe(false);
    expect(accepts('version: 1\nservices:\n  api: { probes: [{ http: "http://a/", tcp: "a:1" }] }\n')).toBe(false);
    expect(accepts('version: 1\nservices:\n  api: { probes: [{ every: 5s }] }\n')).toBe(false);
    expect(accepts('version: 1\nservices:\n  api: { probes: [{ tcp: "a:1", every: 5 }] }\n')).toBe(false);
    expect(accepts('version: 1\nservices:\n  api: { restart: { backoff: 1s-30s } }\n')).toBe(false);
    expect(accepts('version: 1\nservices:\n  api: { restart: { budget: three within 10m } }\n')).toBe(false);
    expect(accepts('version: 1\nchannels:\n  x: { send_resolved: true }\n')).toBe(false);
    expect(accepts('version: 1\ntime_windows:\n  m: [{ times: "25:00-06:00" }]\n')).toBe(false);
    expect(accepts('version: 1\nstatus_page: { slug: Shop Page, title: S, services: [api] }\n')).toBe(false);
    expect(accepts('version: 1\nstatus_page: { slug: shop, title: S, services: [{ service: api, label: A }] }\n')).toBe(false);
  });

  it('accepts analysers and log parsers written `- <kind>: {options}` (plugin kinds), still checking their own keys', () => {
    const analysers = (entry: string): boolean => accepts(`version: 1\nanalysis:\n  analysers:\n    - ${entry}\n`);
    const parsers = (entry: string): boolean => accepts(`version: 1\nlogs:\n  parsers:\n    - ${entry}\n`);
    expect(analysers('slo-burn-rate: { objective: 99.9 }\n      select: [probe_success]\n      every: 1m')).toBe(true);
    expect(parsers('redis-log: { timezone: utc }\n      services: [cache]')).toBe(true);
    // The entry's own keys keep their checks; a kind's options are an object.
    expect(analysers('slo-burn-rate: {}\n      select: [probe_success]\n      every: 5')).toBe(false);
    expect(analysers('slo-burn-rate: {}\n      select: probe_success')).toBe(false);
    expect(parsers('redis-log: {}\n      services: cache')).toBe(false);
    expect(parsers('redis-log: utc\n      services: [cache]')).toBe(false);
  });

  it('lets ${VAR} stand where a number, a duration or a URL goes, as the engine substitutes it', () => {
    expect(accepts('version: 1\nservices:\n  api: { port: "${PORT}", probes: [{ http: "${URL}", every: "${EVERY}" }] }\n')).toBe(true);
  });

  it('explains every key: a description on each property, the kinds of a probe as oneOf', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (typeof record.properties === 'object' && record.properties !== null) {
        for (const [key, property] of Object.entries(record.properties as Record<string, Record<string, unknown>>)) {
          if (typeof property.description !== 'string') undocumented.push(`${path}.${key}`);
        }
      }
      for (const [key, value] of Object.entries(record)) walk(value, `${path}/${key}`);
    };
    const schema = workspaceJsonSchema(builtinKinds);
    walk(schema, '');
    expect(undocumented).toEqual([]);
    const probe = (
      schema as {
        properties: { services: { additionalProperties: { properties: { probes: { items: { oneOf: { title: string; description: string }[] } } } } } };
      }
    ).properties.services.additionalProperties.properties.probes.items;
    expect(probe.oneOf.map((kind) => kind.title)).toEqual(['http', 'tcp', 'process', 'command', 'tmux', 'prometheus', 'tls', 'file']);
    expect(probe.oneOf.every((kind) => kind.description.length > 20)).toBe(true);
  });
});
