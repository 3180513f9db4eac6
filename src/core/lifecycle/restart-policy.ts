import type { ServiceConfig } from '../config/schema';

/**
 * When to restart a failed service and how long to wait: the first failure after a clean run
 * at once, failures in a row with exponential back-off, and a budget of crash-loop restarts
 * within a sliding window after which Zervigo stops trying (the reasoning is beside the schema,
 * config/schema/service.ts). Pure functions; the supervisor keeps the counters.
 */
export type RestartSettings = ServiceConfig['restart'];

export type FailureCause =
  | { kind: 'exit'; code: number | null; signal: string | null }
  | { kind: 'probe'; reason: string | null }
  | { kind: 'not_ready'; reason: string | null }
  | { kind: 'rule'; rule: string };

/** on-failure restarts anything but a clean exit (code 0); always restarts that too; never, nothing. */
export function shouldRestart(settings: RestartSettings, cause: FailureCause): boolean {
  if (settings.policy === 'never') return false;
  if (cause.kind === 'rule') return true;
  if (cause.kind === 'probe' || cause.kind === 'not_ready') return settings.on_probe_failure;
  if (settings.policy === 'always') return true;
  return !(cause.code === 0 && cause.signal === null);
}

/**
 * The wait before the restart that follows failure number `streak` in a row (1-based): none for
 * the first (systemd and supervisord restart a process that ran fine at once), then
 * initial · factor^(n-2), capped: 0, 1 s, 2 s, 4 s … with 1s..30s.
 */
export function backoffDelay(settings: RestartSettings, streak: number): number {
  if (streak <= 1) return 0;
  const { initialMs, maxMs } = settings.backoff;
  const delay = initialMs * settings.factor ** (streak - 2);
  return Math.min(maxMs, Math.round(delay));
}

/** A restart the budget counts: after a failure within min_uptime of a start, or asked for by a rule. */
export interface CountedRestart {
  at: number;
  why: 'crash_loop' | 'rule';
}

/** Counted restarts still inside the budget's window at `now`. */
export function restartsInWindow<T extends { at: number }>(settings: RestartSettings, restarts: readonly T[], now: number): T[] {
  return restarts.filter((restart) => now - restart.at < settings.budget.windowMs);
}

export function budgetSpent(settings: RestartSettings, restarts: readonly { at: number }[], now: number): boolean {
  return restartsInWindow(settings, restarts, now).length >= settings.budget.restarts;
}

export function describeCause(cause: FailureCause): string {
  switch (cause.kind) {
    case 'exit':
      if (cause.signal !== null) return `killed by ${cause.signal}`;
      return cause.code === null ? 'exited' : `exited with code ${cause.code}`;
    case 'probe':
      return `probes failing${cause.reason === null ? '' : `: ${cause.reason}`}`;
    case 'not_ready':
      return cause.reason ?? 'not ready in time';
    case 'rule':
      return `rule ${cause.rule} asked for a restart`;
  }
}
