import { z } from 'zod';
import { jsonPathProblem } from '../../probes/json-path';
import { exactlyOneOf } from './one-of';
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
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  follow_redirects: z.number().int().min(0).max(20).default(5),
  max_body: byteSize.default(1024 * 1024),
  connect_timeout: duration.optional(),
  insecure: z.boolean().default(false),
});

const tcpTarget = z.strictObject({
  address: hostPort,
  send: z.string().optional(),
});

const processTarget = z.union([
  z.literal('self', { error: 'expected "self" (the service\'s own process) or { pid_file } or { match }' }),
  z.strictObject({ pid_file: z.string().min(1) }),
  z.strictObject({ match: regex.pipe(z.string().min(1)) }),
]);

/** "session", "session:window" or "session:window.pane"; `socket` is the tmux -L server name. */
const tmuxTarget = z.union([
  z.string().min(1),
  z.strictObject({ session: z.string().min(1), window: z.string().optional(), pane: z.union([z.string(), z.number()]).optional(), socket: z.string().min(1).optional() }),
]);

/** JSON paths ($.status, checks[0].ok) to the value each must have. */
const bodyJson = z.record(z.string(), z.unknown()).superRefine((paths, ctx) => {
  for (const path of Object.keys(paths)) {
    const problem = jsonPathProblem(path);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: [path], message: problem });
  }
});

const expectation = z.strictObject({
  status: z.union([statusSpec, z.array(statusSpec).min(1)]).optional(),
  max_ms: z.number().positive().optional(),
  body_contains: z.string().optional(),
  body_regex: regex.optional(),
  body_json: bodyJson.optional(),
  cert_days_min: z.number().int().nonnegative().optional(),
  contains: z.string().optional(),
  exit_code: z.number().int().min(0).max(255).optional(),
  stdout_contains: z.string().optional(),
  stdout_regex: regex.optional(),
});

const DEFAULT_TIMEOUT_MS = 5_000;

const kindKeys = ['http', 'tcp', 'process', 'command', 'tmux', 'prometheus'] as const;
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
    name: name.optional(),
    http: z.union([z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }), httpTarget]).optional(),
    tcp: z.union([hostPort, tcpTarget]).optional(),
    process: processTarget.optional(),
    command: commandLine.optional(),
    tmux: tmuxTarget.optional(),
    prometheus: z.url({ protocol: /^https?$/, error: 'expected the http:// URL of a /metrics endpoint' }).optional(),
    shell: z.boolean().default(false),
    every: duration.default(10_000),
    timeout: duration.optional(),
    retries: z.number().int().min(0).max(100).default(1),
    retry_every: duration.optional(),
    paused: z.boolean().default(false),
    /**
     * What a failure does, as Kubernetes separates liveness from readiness probes: `liveness`
     * gates readiness and restarts the service when it fails (with restart.on_probe_failure);
     * `readiness` gates readiness only (dependents wait, the status says so) and never restarts
     * it — for checks that also fail when something else is at fault (a dependency, a full queue).
     */
    role: z.enum(['liveness', 'readiness'], { error: 'expected liveness (a failure restarts the service) or readiness (it only gates readiness, never restarts)' }).default('liveness'),
    expect: expectation.default({}),
  })
  .check(exactlyOneOf(kindKeys, 'a probe'))
  .check((ctx) => {
    const probe = ctx.value;
    if (probe.timeout !== undefined && probe.timeout > probe.every) {
      ctx.issues.push({ code: 'custom', input: probe, path: ['timeout'], message: 'timeout is longer than the interval (every)' });
    }
    if (probe.every < 100) ctx.issues.push({ code: 'custom', input: probe, path: ['every'], message: 'probes run at most every 100ms' });
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

export function probeKindOf(probe: ProbeConfig): ProbeKindKey {
  return kindKeys.find((key) => probe[key] !== undefined) as ProbeKindKey;
}

function httpUrlOf(probe: { http?: string | { url: string } }): string {
  return typeof probe.http === 'string' ? probe.http : (probe.http?.url ?? '');
}

/** Workspace-wide settings of the probe scheduler. */
export const monitoringSchema = z.strictObject({
  /** Checks running at once, across all probes; more wait their turn, fairly across services. */
  concurrency: z.number().int().min(1).max(10_000).default(64),
});
