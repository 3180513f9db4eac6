import { z } from 'zod';
import { commandLine, duration, envValue, name, toArgv } from './primitives';
import { serviceLogSchema } from './logs';
import { probeSchema } from './probe';

/** "1s..30s": the wait before the second restart of a streak, and the longest wait. */
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

/** "3 within 10m": at most that many crash-loop restarts in that window, then give up and escalate. */
const budget = z.string().transform((text, ctx) => {
  const match = /^\s*(\d+)\s+within\s+(\S+)\s*$/.exec(text);
  const window = match ? duration.safeParse(match[2]) : null;
  if (!match || !window?.success) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a restart budget; write e.g. "3 within 10m"` });
    return z.NEVER;
  }
  return { restarts: Number(match[1]), windowMs: window.data };
});

/**
 * The defaults, reasoned the way systemd and supervisord reason about theirs:
 *
 * - A service that ran fine and then died (a kill, an OOM, a rare bug) is restarted at once:
 *   systemd's RestartSec is 100 ms and supervisord restarts a RUNNING process that exits
 *   without delay. Waiting only adds downtime; nothing suggests the next start will fail.
 * - It "ran fine" once it was ready and its process had lived `min_uptime` (1.5 s: supervisord's
 *   startsecs and pm2's min_uptime are 1 s; the half second more keeps a process that exits a
 *   second after it starts — a `sleep 1`, a slow runtime's boot plus a one-second timer — a
 *   crash loop, while one that runs a couple of seconds between deaths is not): a clean run
 *   resets the failures in a row, so occasional failures are each a first failure, healed at
 *   once, however many there are.
 * - Only failures in a row — the process died again within min_uptime of its start, or never
 *   got ready — wait, and exponentially (`backoff` 1s..30s, factor 2: the second restart in a
 *   row waits 1 s, then 2 s, 4 s … 30 s; Kubernetes' CrashLoopBackOff), so a crash loop costs
 *   little CPU and log space.
 * - The budget is a crash-loop detector, not a limit on occasional failures: it counts the
 *   restarts that followed such early failures (and restarts asked for by rules), and when
 *   `budget` (3 within 10m, as supervisord's startretries 3) is spent the service is given up
 *   and escalated. A crash loop is given up after 1 + 3 starts: 0 + 1 + 2 s of waiting plus
 *   its own four runs.
 */
const restartDefaults = {
  policy: 'on-failure',
  backoff: { initialMs: 1_000, maxMs: 30_000 },
  factor: 2,
  budget: { restarts: 3, windowMs: 600_000 },
  min_uptime: 1_500,
  on_probe_failure: true,
} as const;

const restartSchema = z.strictObject({
  policy: z.enum(['on-failure', 'always', 'never']).default(restartDefaults.policy),
  backoff: backoff.default(restartDefaults.backoff),
  factor: z.number().min(1).max(10).default(restartDefaults.factor),
  budget: budget.default(restartDefaults.budget),
  min_uptime: duration.default(restartDefaults.min_uptime),
  on_probe_failure: z.boolean().default(restartDefaults.on_probe_failure),
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
    restart: restartSchema.default({ ...restartDefaults, backoff: { ...restartDefaults.backoff }, budget: { ...restartDefaults.budget } }),
    ready_timeout: duration.default(60_000),
    stop_grace: duration.default(10_000),
    pid_file: z.string().optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    autostart: z.boolean().default(true),
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
