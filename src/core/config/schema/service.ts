import { z } from 'zod';
import { DURATION_PATTERN } from '../../../shared/duration';
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
}).meta({ title: 'back-off range: first..longest, e.g. 1s..30s', pattern: `^\\s*${DURATION_PATTERN}\\s*\\.\\.\\s*${DURATION_PATTERN}\\s*$`, examples: ['1s..30s'] });

/** "3 within 10m": at most that many restarts in that window, then give up and escalate. */
const budget = z.string().transform((text, ctx) => {
  const match = /^\s*(\d+)\s+within\s+(\S+)\s*$/.exec(text);
  const window = match ? duration.safeParse(match[2]) : null;
  if (!match || !window?.success) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a restart budget; write e.g. "3 within 10m"` });
    return z.NEVER;
  }
  return { restarts: Number(match[1]), windowMs: window.data };
}).meta({ title: 'restart budget: "N within duration", e.g. 3 within 10m', pattern: `^\\s*\\d+\\s+within\\s+${DURATION_PATTERN}\\s*$`, examples: ['3 within 10m'] });

const restartSchema = z.strictObject({
  policy: z.enum(['on-failure', 'always', 'never']).default('on-failure').describe('When to restart: after a failure (exit or failing probes), after any exit, or never.'),
  backoff: backoff.prefault('1s..30s').describe('The first and the longest wait before a restart; each failure in a row waits `factor` times longer.'),
  factor: z.number().min(1).max(10).default(2).describe('How much longer each back-off wait is than the one before.'),
  budget: budget.prefault('3 within 10m').describe('At most this many restarts in this window; then the service is given up and escalated (alert ServiceGivenUp).'),
  min_uptime: duration.prefault('30s').describe('Failures in a row are forgiven only after this much healthy running.'),
  on_probe_failure: z.boolean().default(true).describe('Failing probes (or not being ready in time) count as failures, not only exits.'),
});

export const serviceSchema = z
  .strictObject({
    description: z.string().optional().describe('What the service is, shown on its card and page.'),
    start: commandLine.optional().describe('The command that runs the service; without one the service is only observed.'),
    stop: commandLine.optional().describe('A command that stops it (default: SIGTERM to its process group, then SIGKILL after stop_grace).'),
    shell: z.boolean().default(false).describe('Run start and stop through /bin/sh -c (needed for pipes, globs, &&).'),
    cwd: z.string().optional().describe('The working folder, relative to the workspace file.'),
    env: z.record(z.string(), envValue).default({}).describe('Environment variables for the process (on top of Zervigo\'s own).'),
    depends_on: z.array(name).default([]).describe('Services started first; this one starts once they are ready (their probes pass).'),
    tmux: z
      .union([z.boolean(), z.strictObject({ session: name.optional().describe('The tmux session (default: the workspace\'s).'), window: name.optional().describe('The window name (default: the service\'s).') })])
      .default(false)
      .describe('Run in a tmux window you can attach to (true, or { session, window }) instead of as a child process.'),
    logs: z.array(serviceLogSchema).default([]).describe('Log files of this service (globs, followed across rotation), or { path, from, format, multiline }.'),
    probes: z.array(probeSchema).default([]).describe('How to check the service: each probe has one kind (http, tcp, process, command, tmux, prometheus).'),
    restart: restartSchema.prefault({}).describe('Self-healing: when to restart, the back-off between restarts and the budget before giving up.'),
    ready_timeout: duration.prefault('1m').describe('A dependent\'s start fails, naming this service, if it is not ready in this time.'),
    stop_grace: duration.prefault('10s').describe('Between SIGTERM and SIGKILL when stopping.'),
    pid_file: z.string().optional().describe('A pid file: a process already running under it is adopted, not started twice.'),
    port: z.number().int().min(1).max(65_535).optional().describe('A port the service listens on: something already listening there is adopted, not started twice.'),
    autostart: z.boolean().default(true).describe('Started by "start all" and when the console starts.'),
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
