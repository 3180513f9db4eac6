import { z } from 'zod';
import { jsonPathProblem } from '../json-path';
import { exactlyOneOf, kindsAsOneOf } from './one-of';
import { byteSize, commandLine, duration, hostPort, name, toArgv } from './primitives';

/** Accepted status codes: 200, "2xx", "200-299", or a list of them. */
const statusSpec = z.union([z.number().int().min(100).max(599), z.string().regex(/^([1-5]xx|\d{3}(-\d{3})?)$/, 'expected 200, "2xx" or "200-299"')]);

/** A regular expression, checked when the file is loaded rather than at the first check. */
const regex = z.string().superRefine((text, ctx) => {
  try {
    new RegExp(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` });
  }
});

const httpTarget = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).describe('The http:// or https:// URL to request.'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET').describe('The HTTP method.'),
  headers: z.record(z.string(), z.string()).default({}).describe('Request headers, name: value.'),
  body: z.string().optional().describe('The request body (for POST, PUT, PATCH).'),
  follow_redirects: z.number().int().min(0).max(20).default(5).describe('How many redirects to follow; 0 takes the first answer.'),
  max_body: byteSize.prefault('1MiB').describe('At most this much of the body is read; a longer body fails the check.'),
  connect_timeout: duration.optional().describe('How long connecting may take (the whole check has `timeout`).'),
  insecure: z.boolean().default(false).describe('Accept TLS certificates that do not verify (self-signed, expired).'),
});

const tcpTarget = z.strictObject({
  address: hostPort.describe('host:port to connect to.'),
  send: z.string().optional().describe('Text to send once connected (expect `contains` in the answer).'),
});

const processTarget = z.union([
  z.literal('self', { error: 'expected "self" (the service\'s own process) or { pid_file } or { match }' }),
  z.strictObject({ pid_file: z.string().min(1).describe('A file holding the pid of the process to watch.') }),
  z.strictObject({ match: regex.pipe(z.string().min(1)).describe('A regular expression over command lines; every match is watched (never Zervigo itself).') }),
]);

/** "session", "session:window" or "session:window.pane"; `socket` is the tmux -L server name. */
const tmuxTarget = z.union([
  z.string().min(1),
  z.strictObject({
    session: z.string().min(1).describe('The tmux session that must exist.'),
    window: z.string().optional().describe('A window of that session that must exist.'),
    pane: z.union([z.string(), z.number()]).optional().describe('A pane of that window (its index).'),
    socket: z.string().min(1).optional().describe('The tmux server (tmux -L <socket>); default: your default server.'),
  }),
]);

/** JSON paths ($.status, checks[0].ok) to the value each must have. */
const bodyJson = z.record(z.string(), z.unknown()).superRefine((paths, ctx) => {
  for (const path of Object.keys(paths)) {
    const problem = jsonPathProblem(path);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: [path], message: problem });
  }
});

const expectation = z.strictObject({
  status: z
    .union([statusSpec, z.array(statusSpec).min(1)])
    .optional()
    .describe('http: accepted status codes: 200, "2xx", "200-299" or a list (default: 2xx).'),
  max_ms: z.number().positive().optional().describe('http, tcp, command, prometheus: the check fails when it takes longer than this many milliseconds.'),
  body_contains: z.string().optional().describe('http: the body contains this text.'),
  body_regex: regex.optional().describe('http: the body matches this regular expression.'),
  body_json: bodyJson.optional().describe('http: JSON paths ($.status, checks[*].ok) and the value each must have.'),
  cert_days_min: z.number().int().nonnegative().optional().describe('https: the certificate is valid for at least this many more days.'),
  contains: z.string().optional().describe('tcp: the answer to `send` contains this text.'),
  exit_code: z.number().int().min(0).max(255).optional().describe('command: the exit code (default 0).'),
  stdout_contains: z.string().optional().describe('command: the output contains this text.'),
  stdout_regex: regex.optional().describe('command: the output matches this regular expression.'),
});

const DEFAULT_TIMEOUT_MS = 5_000;

export const kindKeys = ['http', 'tcp', 'process', 'command', 'tmux', 'prometheus'] as const;

const kindDescriptions: Record<(typeof kindKeys)[number], string> = {
  http: 'An HTTP(S) request: passes on an accepted status (default 2xx), matching body and JSON, within max_ms, with a certificate not near expiry.',
  tcp: 'A TCP connection to host:port: passes when the port accepts (and, with send/contains, answers as expected).',
  process: "A running process: `self` (the service's own), { pid_file } or { match: regex over command lines }; adds CPU and memory series.",
  command: "A command run in the service's cwd and env: passes on the expected exit code and output; killed at the timeout.",
  tmux: 'A tmux session / window / pane that exists and has no dead pane: "session", "session:window" or { session, window, socket }.',
  prometheus: 'A Prometheus /metrics endpoint: passes when it answers in text format; every sample is kept as a series.',
};
export type ProbeKindKey = (typeof kindKeys)[number];

type ExpectKey = keyof z.infer<typeof expectation>;

/** Which expectations mean something for which kind of probe. */
const expectKeysOf: Record<ProbeKindKey, readonly ExpectKey[]> = {
  http: ['status', 'max_ms', 'body_contains', 'body_regex', 'body_json', 'cert_days_min'],
  tcp: ['max_ms', 'contains'],
  process: [],
  command: ['max_ms', 'exit_code', 'stdout_contains', 'stdout_regex'],
  tmux: [],
  prometheus: ['max_ms'],
};

/**
 * One probe: exactly one kind key (http, tcp, process, command, tmux, prometheus) with its
 * target, plus the scheduling keys shared by all kinds.
 */
export const probeSchema = z
  .strictObject({
    name: name.optional().describe("The probe's name (its `probe` label); default: kind#index."),
    http: z
      .union([z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }), httpTarget])
      .optional()
      .describe(kindDescriptions.http),
    tcp: z.union([hostPort, tcpTarget]).optional().describe(kindDescriptions.tcp),
    process: processTarget.optional().describe(kindDescriptions.process),
    command: commandLine.optional().describe(kindDescriptions.command),
    tmux: tmuxTarget.optional().describe(kindDescriptions.tmux),
    prometheus: z
      .url({ protocol: /^https?$/, error: 'expected the http:// URL of a /metrics endpoint' })
      .optional()
      .describe(kindDescriptions.prometheus),
    // Filled by the parser from a plugin's kind key (`redis: {...}`); its options are checked against the plugin's JSON Schema.
    plugin: z
      .strictObject({
        kind: z.string().min(1).describe('The probe kind.'),
        plugin: z.string().min(1).describe('The plugin that contributes it.'),
        options: z.unknown().describe("The kind's options, checked against the plugin's JSON Schema."),
      })
      .optional()
      .describe("Set by Zervigo from a plugin's probe kind key: write `<kind>: { ... }` instead."),
    shell: z.boolean().default(false).describe('command: run the command through /bin/sh -c (needed for pipes, globs, &&).'),
    every: duration.prefault('10s').describe('How often the probe runs, start to start.'),
    timeout: duration.optional().describe('How long one check may take (default 5s, or `every` when shorter).'),
    retries: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(1)
      .describe('Failed checks in a row (after the first) before the probe is down; until then it is pending.'),
    retry_every: duration.optional().describe('How often a failing probe is checked again (default every/4, at least 1s).'),
    paused: z.boolean().default(false).describe('Not checked until resumed (from the console or here).'),
    /**
     * What a failure does, as Kubernetes separates liveness from readiness probes: `liveness`
     * gates readiness and restarts the service when it fails (with restart.on_probe_failure);
     * `readiness` gates readiness only (dependents wait, the status says so) and never restarts
     * it — for checks that also fail when something else is at fault (a dependency, a full queue).
     */
    role: z
      .enum(['liveness', 'readiness'], { error: 'expected liveness (a failure restarts the service) or readiness (it only gates readiness, never restarts)' })
      .default('liveness')
      .describe('liveness: a failure restarts the service; readiness: a failure only gates readiness (dependents wait), never restarts it.'),
    expect: expectation.default({}).describe('What a passing check looks like; which keys apply depends on the kind.'),
  })
  .check(exactlyOneOf([...kindKeys, 'plugin'], 'a probe'))
  .meta(kindsAsOneOf(kindDescriptions))
  .check((ctx) => {
    const probe = ctx.value;
    if (probe.timeout !== undefined && probe.timeout > probe.every) {
      ctx.issues.push({ code: 'custom', input: probe, path: ['timeout'], message: 'timeout is longer than the interval (every)' });
    }
    if (probe.every < 100) ctx.issues.push({ code: 'custom', input: probe, path: ['every'], message: 'probes run at most every 100ms' });
    if (probe.plugin !== undefined) {
      // A plugin's kind says what passing means through its own options; expect is for built-ins.
      for (const key of Object.keys(probe.expect) as ExpectKey[]) {
        if (probe.expect[key] !== undefined)
          ctx.issues.push({
            code: 'custom',
            input: probe.expect[key],
            path: ['expect', key],
            message: `expect does not apply to ${probe.plugin.kind} probes (from plugin ${probe.plugin.plugin}): their options say what passing means`,
          });
      }
      return;
    }
    const kind = kindKeys.find((key) => probe[key] !== undefined);
    if (kind === undefined) return;
    if (probe.command !== undefined) {
      const argv = toArgv(probe.command, probe.shell);
      if (!argv.ok) ctx.issues.push({ code: 'custom', input: probe.command, path: ['command'], message: argv.message });
    }
    const allowed = expectKeysOf[kind];
    for (const key of Object.keys(probe.expect) as ExpectKey[]) {
      if (probe.expect[key] === undefined || allowed.includes(key)) continue;
      const fits = kindKeys.filter((other) => expectKeysOf[other].includes(key));
      ctx.issues.push({
        code: 'custom',
        input: probe.expect[key],
        path: ['expect', key],
        message: `${key} applies to ${fits.join(' and ')} probes, not to ${kind} probes${allowed.length > 0 ? ` (a ${kind} probe can expect: ${allowed.join(', ')})` : ''}`,
      });
    }
    if (probe.expect.cert_days_min !== undefined && kind === 'http' && !httpUrlOf(probe).startsWith('https:')) {
      ctx.issues.push({ code: 'custom', input: probe.expect.cert_days_min, path: ['expect', 'cert_days_min'], message: 'cert_days_min needs an https:// URL' });
    }
  })
  // Unless given, the timeout is 5 s, or the interval when that is shorter.
  .transform((probe) => ({ ...probe, timeout: probe.timeout ?? Math.min(DEFAULT_TIMEOUT_MS, probe.every) }));

export type ProbeConfig = z.infer<typeof probeSchema>;

/** A built-in kind, or the kind a plugin contributes. */
export function probeKindOf(probe: ProbeConfig): ProbeKindKey | (string & {}) {
  return probe.plugin?.kind ?? (kindKeys.find((key) => probe[key] !== undefined) as ProbeKindKey);
}

function httpUrlOf(probe: { http?: string | { url: string } }): string {
  return typeof probe.http === 'string' ? probe.http : (probe.http?.url ?? '');
}

/** Workspace-wide settings of the probe scheduler. */
export const monitoringSchema = z.strictObject({
  /** Checks running at once, across all probes; more wait their turn, fairly across services. */
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(64)
    .describe('Checks running at once across all probes; more wait their turn, fairly across services.'),
});
