import { z } from 'zod';
import { commandLine, duration, envValue, name, toArgv } from './primitives';
import { serviceLogSchema } from './logs';
import { probeSchema } from './probe';

/** "1s..30s": the first and the longest delay between restarts. */
const backoff = z.string().transform((text, ctx) => {
  const match = /^\s*(\S+)\s*\.\.\s*(\S+)\s*$/.exec(text);
  const initial = match ? duration.safeParse(match[1]) : null;
  const max = match ? duration.safeParse(match[2]) : null;
  if (!initial?.success || !max?.success || initial.data > max.data) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a back-off range; write e.g. 1s..30s` });
    return z.NEVER;
  }
  return { initialMs: initial.data, maxMs: max.data };
});

/** "3 within 10m": at most that many restarts in that window, then give up and escalate. */
const budget = z.string().transform((text, ctx) => {
  const match = /^\s*(\d+)\s+within\s+(\S+)\s*$/.exec(text);
  const window = match ? duration.safeParse(match[2]) : null;
  if (!match || !window?.success) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a restart budget; write e.g. "3 within 10m"` });
    return z.NEVER;
  }
  return { restarts: Number(match[1]), windowMs: window.data };
});

const restartSchema = z.strictObject({
  policy: z.enum(['on-failure', 'always', 'never']).default('on-failure'),
  backoff: backoff.default({ initialMs: 1_000, maxMs: 30_000 }),
  factor: z.number().min(1).max(10).default(2),
  budget: budget.default({ restarts: 3, windowMs: 600_000 }),
  min_uptime: duration.default(30_000),
  on_probe_failure: z.boolean().default(true),
});

/** What a service is held to in reports: availability in % of passed checks (e.g. 99.9). */
export const sloSchema = z.strictObject({
  availability: z.number({ error: 'availability is a percentage, e.g. 99.9' }).gt(0, 'availability is a percentage above 0, e.g. 99.9').max(100, 'availability is a percentage of at most 100, e.g. 99.9'),
});

export const serviceSchema = z
  .strictObject({
    description: z.string().optional(),
    start: commandLine.optional(),
    stop: commandLine.optional(),
    shell: z.boolean().default(false),
    cwd: z.string().optional(),
    env: z.record(z.string(), envValue).default({}),
    depends_on: z.array(name).default([]),
    tmux: z.union([z.boolean(), z.strictObject({ session: name.optional(), window: name.optional() })]).default(false),
    logs: z.array(serviceLogSchema).default([]),
    probes: z.array(probeSchema).default([]),
    restart: restartSchema.default({
      policy: 'on-failure',
      backoff: { initialMs: 1_000, maxMs: 30_000 },
      factor: 2,
      budget: { restarts: 3, windowMs: 600_000 },
      min_uptime: 30_000,
      on_probe_failure: true,
    }),
    ready_timeout: duration.default(60_000),
    stop_grace: duration.default(10_000),
    pid_file: z.string().optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    autostart: z.boolean().default(true),
    slo: sloSchema.optional(),
  })
  .check((ctx) => {
    for (const key of ['start', 'stop'] as const) {
      const command = ctx.value[key];
      if (command === undefined) continue;
      const argv = toArgv(command, ctx.value.shell);
      if (!argv.ok) ctx.issues.push({ code: 'custom', input: command, path: [key], message: argv.message });
    }
    // Probe names make probe ids (service/name): two alike would be one probe to the scheduler.
    const named = new Map<string, number>();
    ctx.value.probes.forEach((probe, i) => {
      if (probe.name === undefined) return;
      const first = named.get(probe.name);
      if (first !== undefined) ctx.issues.push({ code: 'custom', input: probe.name, path: ['probes', i, 'name'], message: `probes[${first}] already has the name "${probe.name}"` });
      else named.set(probe.name, i);
    });
  });

export type ServiceConfig = z.infer<typeof serviceSchema>;
