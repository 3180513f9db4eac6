import type { Labels } from '../store/labels';
import type { CheckOutcome } from './scheduler';

/** One value a check measured, beyond success and duration (which every check reports). */
export interface ProbeSample {
  name: string;
  value: number;
  /** Added to the probe's own labels (service, probe, instance). */
  labels?: Labels;
}

export interface CheckResult extends CheckOutcome {
  durationMs: number;
  samples: ProbeSample[];
}

/** One check of a probe; it must settle soon after `signal` aborts. */
export type ProbeCheck = (signal: AbortSignal) => Promise<CheckResult>;

export function passed(durationMs: number, samples: ProbeSample[] = []): CheckResult {
  return { ok: true, reason: null, durationMs, samples };
}

export function failed(reason: string, durationMs: number, samples: ProbeSample[] = []): CheckResult {
  return { ok: false, reason, durationMs, samples };
}

/** Milliseconds since `started` (a performance.now() reading). */
export function since(started: number): number {
  return performance.now() - started;
}
