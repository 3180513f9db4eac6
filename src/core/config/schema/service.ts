import { z } from 'zod';
import { DURATION_PATTERN } from '../../../shared/duration';
import { commandLine, duration, envValue, name, toArgv } from './primitives';
import { serviceLogSchema } from './logs';
import { probeSchemaFor, type ProbeKindSchema } from './probe';
import { deploySchema } from './deploy';
import { scaleSchema } from './scale';
import { replicaProblems } from './replica-checks';
import { describeInputAs } from './input-form';
import { maskReplicaVariables, unmaskReplicaVariables } from '../replica-variables';

/** "1s..30s": the wait before the second restart of a streak, and the longest wait. */
const backoff = z
  .string()
  .transform((text, ctx) => {
    const match = /^\s*(\S+)\s*\.\.\s*(\S+)\s*$/.exec(text);
    const initial = match ? duration.safeParse(match[1]) : null;
    const max = match ? duration.safeParse(match[2]) : null;
    if (!initial?.success || !max?.success || initial.data > max.data) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a back-off range; write e.g. 1s..30s` });
      return z.NEVER;
    }
    return { initialMs: initial.data, maxMs: max.data };
  })
  .meta({
    title: 'back-off range: first..longest, e.g. 1s..30s',
    pattern: `^\\s*${DURATION_PATTERN}\\s*\\.\\.\\s*${DURATION_PATTERN}\\s*$`,
    examples: ['1s..30s'],
  });

/** "3 within 10m": at most that many crash-loop restarts in that window, then give up and escalate. */
const budget = z
  .string()
  .transform((text, ctx) => {
    const match = /^\s*(\d+)\s+within\s+(\S+)\s*$/.exec(text);
    const window = match ? duration.safeParse(match[2]) : null;
    if (!match || !window?.success) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a restart budget; write e.g. "3 within 10m"` });
      return z.NEVER;
    }
    return { restarts: Number(match[1]), windowMs: window.data };
  })
  .meta({
    title: 'restart budget: "N within duration", e.g. 3 within 10m',
    pattern: `^\\s*\\d+\\s+within\\s+${DURATION_PATTERN}\\s*$`,
    examples: ['3 within 10m'],
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
const restartSchema = z.strictObject({
  policy: z
    .enum(['on-failure', 'always', 'never'])
    .default('on-failure')
    .describe('When to restart: after a failure (exit or failing liveness probes), after any exit, or never.'),
  backoff: backoff
    .prefault('1s..30s')
    .describe(
      'Failures in a row only: the wait before the second restart of a streak, and the longest wait; each failure in a row waits `factor` times longer. A first failure after a clean run restarts at once.',
    ),
  factor: z.number().min(1).max(10).default(2).describe('How much longer each back-off wait is than the one before.'),
  budget: budget
    .prefault('3 within 10m')
    .describe(
      'A crash-loop detector: at most this many restarts after early failures (and rule restarts) in this window; then the service is given up and escalated (alert ServiceGivenUp).',
    ),
  min_uptime: duration
    .prefault('1500ms')
    .describe('A run this long (once ready) is a clean run: the next failure restarts at once and is not counted against the budget.'),
  on_probe_failure: z.boolean().default(true).describe('Failing liveness probes (or not being ready in time) count as failures, not only exits.'),
});

/** What a service is held to in reports: availability in % of passed checks (e.g. 99.9). */
export const sloSchema = z.strictObject({
  availability: z
    .number({ error: 'availability is a percentage, e.g. 99.9' })
    .gt(0, 'availability is a percentage above 0, e.g. 99.9')
    .max(100, 'availability is a percentage of at most 100, e.g. 99.9')
    .describe("The share of checks that should pass over a report's period, in %: 99.9 leaves an error budget of 0.1 %."),
});

/** Probes whose targets may hold a replica's ${PORT} / ${REPLICA}: checked with stand-ins, kept as written. */
function replicaProbes<T extends z.ZodType>(probes: T) {
  return describeInputAs(
    z.preprocess(maskReplicaVariables, probes).transform((value) => unmaskReplicaVariables(value)),
    probes,
  );
}

/** A service, its probes of the given kinds. */
export function serviceSchemaFor(probeKinds: readonly ProbeKindSchema[]) {
  return z
    .strictObject({
      description: z.string().optional().describe('What the service is, shown on its card and page.'),
      start: commandLine.optional().describe('The command that runs the service; without one the service is only observed.'),
      stop: commandLine.optional().describe('A command that stops it (default: SIGTERM to its process group, then SIGKILL after stop_grace).'),
      shell: z.boolean().default(false).describe('Run start and stop through /bin/sh -c (needed for pipes, globs, &&).'),
      cwd: z.string().optional().describe('The working folder, relative to the workspace file.'),
      env: z.record(z.string(), envValue).default({}).describe("Environment variables for the process (on top of Zervigo's own)."),
      depends_on: z.array(name).default([]).describe('Services started first; this one starts once they are ready (their probes pass).'),
      tmux: z
        .union([
          z.boolean(),
          z.strictObject({
            session: name.optional().describe("The tmux session (default: the workspace's)."),
            window: name.optional().describe("The window name (default: the service's)."),
          }),
        ])
        .default(false)
        .describe('Run in a tmux window you can attach to (true, or { session, window }) instead of as a child process.'),
      logs: z
        .array(serviceLogSchema)
        .default([])
        .describe('Log files of this service (globs, followed across rotation), or { path, from, format, multiline }.'),
      probes: replicaProbes(z.array(probeSchemaFor(probeKinds)))
        .default([])
        .describe(
          `How to check the service: each probe has one kind (${probeKinds
            .filter((kind) => kind.internal !== true)
            .map((kind) => kind.kind)
            .join(', ')}).`,
        ),
      restart: restartSchema.prefault({}).describe('Self-healing: when to restart, the back-off between restarts and the budget before giving up.'),
      ready_timeout: duration.prefault('1m').describe("A dependent's start fails, naming this service, if it is not ready in this time."),
      stop_grace: duration.prefault('10s').describe('Between SIGTERM and SIGKILL when stopping.'),
      pid_file: z.string().optional().describe('A pid file: a process already running under it is adopted, not started twice.'),
      port: z
        .number()
        .int()
        .min(1)
        .max(65_535)
        .optional()
        .describe('A port the service listens on: something already listening there is adopted, not started twice.'),
      replicas: z
        .number()
        .int()
        .min(1)
        .max(64)
        .default(1)
        .describe(
          'How many instances run: each gets ${REPLICA} (1..N) and, with port:, ${PORT} = port + REPLICA - 1, in its command, env and probes; restarts and deploys roll one replica at a time.',
        ),
      scale: scaleSchema.optional().describe('Add or remove replicas from rules: { min, max, up: <PromQL>, down: <PromQL>, cooldown } (implies replicas).'),
      autostart: z.boolean().default(true).describe('Started by "start all" and when the console starts.'),
      slo: sloSchema
        .optional()
        .describe("What reports hold this service to: { availability: 99.9 } (% of passed checks; default the workspace's slo:, else 99.9)."),
      deploy: deploySchema
        .optional()
        .describe(
          'Deploys from git: releases per commit, an atomic switch, a health gate, a watch window and automatic rollback. The service runs in its current release (cwd relative to it).',
        ),
    })
    .check((ctx) => {
      for (const key of ['start', 'stop'] as const) {
        const command = ctx.value[key];
        if (command === undefined) continue;
        const argv = toArgv(command, ctx.value.shell);
        if (!argv.ok) ctx.issues.push({ code: 'custom', input: command, path: [key], message: argv.message });
      }
      for (const problem of replicaProblems(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, path: problem.path, message: problem.message });
      // Probe names make probe ids (service/name): two alike would be one probe to the scheduler.
      const named = new Map<string, number>();
      ctx.value.probes.forEach((probe, i) => {
        if (probe.name === undefined) return;
        const first = named.get(probe.name);
        if (first !== undefined)
          ctx.issues.push({ code: 'custom', input: probe.name, path: ['probes', i, 'name'], message: `probes[${first}] already has the name "${probe.name}"` });
        else named.set(probe.name, i);
      });
    });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceSchemaFor>>;
