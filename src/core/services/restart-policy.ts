import type { ServiceConfig } from '../config/schema';

/**
 * When to restart a failed service and how long to wait: exponential back-off from the
 * failures in a row, and a budget of restarts within a sliding window after which Zervigo stops
 * trying. Pure functions; the supervisor keeps the counters.
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

/** The wait before restart number `failures` in a row (1-based): initial · factor^(n-1), capped. */
export function backoffDelay(settings: RestartSettings, failures: number): number {
  const { initialMs, maxMs } = settings.backoff;
  const delay = initialMs * settings.factor ** Math.max(0, failures - 1);
  return Math.min(maxMs, Math.round(delay));
}

/** Restarts still inside the budget's window at `now`. */
export function restartsInWindow(settings: RestartSettings, restartTimes: readonly number[], now: number): number[] {
  return restartTimes.filter((at) => now - at < settings.budget.windowMs);
}

export function budgetSpent(settings: RestartSettings, restartTimes: readonly number[], now: number): boolean {
  return restartsInWindow(settings, restartTimes, now).length >= settings.budget.restarts;
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
