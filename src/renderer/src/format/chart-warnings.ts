/** An answer of `metrics.chart` or `metrics.query`: what it lacks, when a remote store did not answer in full. */
export interface WarnedAnswer {
  warnings?: string[];
}

/** Every warning of the answers a chart is drawn from, each once, in the order they came. */
export function warningsOf(...answers: (WarnedAnswer | null | undefined)[]): string[] {
  return [...new Set(answers.flatMap((answer) => answer?.warnings ?? []))];
}

/** The one sentence a screen reader hears and a tooltip's title says. */
export function warningsSummary(warnings: readonly string[]): string {
  return `This chart may be incomplete: ${warnings.join('; ')}`;
}

/** Whether two lists of warnings say the same (a refreshed chart re-renders only when they differ). */
export function sameWarnings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((warning, i) => warning === b[i]);
}
