import type { CauseKind, IncidentCause } from '../../../../shared/types/incidents';

/** The kinds of candidate, as the operator reads them. */
export const causeKindLabel: Record<CauseKind, string> = { service: 'service', series: 'series', pattern: 'log pattern', change: 'change' };

export const causeKindColor: Record<CauseKind, string> = { service: 'red', series: 'orange', pattern: 'grape', change: 'violet' };

/** "the service db", "the change workspace version 7": a cause in a sentence. */
export function describeCause(cause: Pick<IncidentCause, 'kind' | 'target'>): string {
  return cause.kind === 'service' ? `the service ${cause.target}` : `${causeKindLabel[cause.kind]} ${cause.target}`;
}

/** A score as a percentage of certainty: scores compare within one incident only. */
export function scorePercent(score: number): string {
  return `${Math.round(score * 100)} %`;
}
