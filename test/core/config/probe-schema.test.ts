import { describe, expect, it } from 'vitest';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';

function issuesOf(text: string): string[] {
  const result = parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });
  if (result.ok) throw new Error('expected the workspace to be rejected');
  return result.issues.map(formatIssue);
}

const withProbe = (probe: string): string => `version: 1
services:
  api:
    probes:
${probe}`;

describe('probe definitions in the workspace file', () => {
  it('accepts every kind with its expectations', () => {
    const result = parseWorkspace(
      withProbe(`      - http: { url: "https://127.0.0.1:8443/health", method: POST, body: "{}", insecure: true, max_body: 64KiB, connect_timeout: 1s }
        expect: { status: [200, "3xx"], body_json: { "$.status": UP, "checks[*].ok": true }, body_regex: "^ok", cert_days_min: 14, max_ms: 300 }
      - tcp: { address: "127.0.0.1:6379", send: "PING\\r\\n" }
        expect: { contains: "+PONG" }
      - process: { match: "redis-server .*:6379" }
      - command: [pg_isready, -h, 127.0.0.1]
        expect: { exit_code: 0, stdout_regex: "accepting" }
      - tmux: { session: dev, window: api, socket: work }
      - prometheus: http://127.0.0.1:9100/metrics
        every: 15s
        retries: 3
        retry_every: 2s
monitoring: { concurrency: 128 }
`),
      { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null },
    );
    expect(result.ok).toBe(true);
  });

  it('rejects an expectation that does not fit the kind, at its line and column', () => {
    expect(
      issuesOf(
        withProbe(`      - tcp: 127.0.0.1:6379
        expect: { body_contains: ok }
`),
      ),
    ).toEqual([
      'zervigo.yaml:6:34: services.api.probes[0].expect.body_contains: body_contains applies to http probes, not to tcp probes (a tcp probe can expect: max_ms, contains)',
    ]);
    expect(
      issuesOf(
        withProbe(`      - process: self
        expect: { exit_code: 0 }
`),
      )[0],
    ).toContain('exit_code applies to command probes, not to process probes');
  });

  it('rejects invalid regular expressions and JSON paths when the file is loaded', () => {
    expect(
      issuesOf(
        withProbe(`      - http: http://127.0.0.1/
        expect: { body_regex: "([a-z" }
`),
      ),
    ).toEqual(['zervigo.yaml:6:31: services.api.probes[0].expect.body_regex: not a valid regular expression: /([a-z/: Unterminated character class']);
    expect(
      issuesOf(
        withProbe(`      - http: http://127.0.0.1/
        expect: { body_json: { "$.checks[?(@.ok)]": true } }
`),
      )[0],
    ).toMatch(
      /^zervigo\.yaml:6:\d+: services\.api\.probes\[0\]\.expect\.body_json\.\$\.checks\[\?\(@\.ok\)\]: "\$\.checks\[\?\(@\.ok\)\]": filter and script expressions are not supported/,
    );
    expect(
      issuesOf(
        withProbe(`      - process: { match: "(unclosed" }
`),
      )[0],
    ).toMatch(/^zervigo\.yaml:5:\d+: services\.api\.probes\[0\]\.process/);
  });

  it('rejects cert_days_min on plain http, a probe with two kinds, and misspelt keys with a suggestion', () => {
    expect(
      issuesOf(
        withProbe(`      - http: http://127.0.0.1/
        expect: { cert_days_min: 10 }
`),
      )[0],
    ).toContain('cert_days_min needs an https:// URL');
    expect(
      issuesOf(
        withProbe(`      - { http: "http://127.0.0.1/", tcp: "127.0.0.1:80" }
`),
      )[0],
    ).toBe('zervigo.yaml:5:9: services.api.probes[0]: a probe has one kind; this one has http and tcp');
    expect(
      issuesOf(
        withProbe(`      - http: http://127.0.0.1/
        retry_evry: 2s
`),
      )[0],
    ).toBe('zervigo.yaml:6:9: services.api.probes[0]: unknown key "retry_evry"; did you mean "retry_every"?');
  });

  it('takes a role (liveness by default, or readiness: gates readiness, never restarts) and refuses any other at its line and column', () => {
    const parsed = parseWorkspace(
      withProbe(`      - { http: "http://127.0.0.1/ready", role: readiness }
      - { tcp: "127.0.0.1:80" }
`),
      { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null },
    );
    expect(parsed.ok && parsed.workspace.config.services.api?.probes.map((probe) => probe.role)).toEqual(['readiness', 'liveness']);
    expect(
      issuesOf(
        withProbe(`      - http: http://127.0.0.1/
        role: readyness
`),
      ),
    ).toEqual([
      'zervigo.yaml:6:15: services.api.probes[0].role: expected liveness (a failure restarts the service) or readiness (it only gates readiness, never restarts)',
    ]);
  });

  it('rejects two probes of a service with the same name', () => {
    expect(
      issuesOf(
        withProbe(`      - { name: health, http: "http://127.0.0.1/" }
      - { name: health, tcp: "127.0.0.1:80" }
`),
      ),
    ).toEqual(['zervigo.yaml:6:17: services.api.probes[1].name: probes[0] already has the name "health"']);
  });

  it('rejects a command that needs a shell without shell: true', () => {
    expect(
      issuesOf(
        withProbe(`      - command: "pg_isready | grep accepting"
`),
      )[0],
    ).toMatch(/^zervigo\.yaml:5:18: services\.api\.probes\[0\]\.command: .*shell: true/);
  });
});

describe('probe timeouts', () => {
  it('defaults to 5 s, or to the interval when that is shorter', () => {
    const result = parseWorkspace(
      withProbe(`      - tcp: 127.0.0.1:1
        every: 2s
      - tcp: 127.0.0.1:2
`),
      { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null },
    );
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.workspace.config.services.api?.probes.map((probe) => probe.timeout)).toEqual([2_000, 5_000]);
  });

  it('rejects a timeout longer than the interval, where it is written', () => {
    expect(
      issuesOf(
        withProbe(`      - tcp: 127.0.0.1:1
        every: 2s
        timeout: 3s
`),
      ),
    ).toEqual(['zervigo.yaml:7:18: services.api.probes[0].timeout: timeout is longer than the interval (every)']);
  });
});
