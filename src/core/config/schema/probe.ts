import { z } from 'zod';
import { exactlyOneOf } from './one-of';
import { byteSize, commandLine, duration, hostPort, name } from './primitives';

/** Accepted status codes: 200, "2xx", "200-299", or a list of them. */
const statusSpec = z.union([z.number().int().min(100).max(599), z.string().regex(/^([1-5]xx|\d{3}(-\d{3})?)$/, 'expected 200, "2xx" or "200-299"')]);

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
  z.strictObject({ match: z.string().min(1) }),
]);

const tmuxTarget = z.union([
  z.string().min(1),
  z.strictObject({ session: z.string().min(1), window: z.string().optional(), pane: z.union([z.string(), z.number()]).optional() }),
]);

const expectation = z.strictObject({
  status: z.union([statusSpec, z.array(statusSpec).min(1)]).optional(),
  max_ms: z.number().positive().optional(),
  body_contains: z.string().optional(),
  body_regex: z.string().optional(),
  body_json: z.record(z.string(), z.unknown()).optional(),
  cert_days_min: z.number().int().nonnegative().optional(),
  contains: z.string().optional(),
  exit_code: z.number().int().min(0).max(255).optional(),
  stdout_contains: z.string().optional(),
  stdout_regex: z.string().optional(),
});

const kindKeys = ['http', 'tcp', 'process', 'command', 'tmux', 'prometheus'] as const;
export type ProbeKindKey = (typeof kindKeys)[number];

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
    timeout: duration.default(5_000),
    retries: z.number().int().min(0).max(100).default(1),
    retry_every: duration.optional(),
    paused: z.boolean().default(false),
    expect: expectation.default({}),
  })
  .check(exactlyOneOf(kindKeys, 'a probe'))
  .check((ctx) => {
    if (ctx.value.timeout > ctx.value.every) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['timeout'], message: 'timeout is longer than the interval (every)' });
    }
  });

export type ProbeConfig = z.infer<typeof probeSchema>;

export function probeKindOf(probe: ProbeConfig): ProbeKindKey {
  return kindKeys.find((key) => probe[key] !== undefined) as ProbeKindKey;
}
