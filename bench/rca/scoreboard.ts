import { percentile } from '../report';
import { baselineHit, engineHit, topK } from './culprits';
import type { CaseResult } from './run-case';

/** Top-1 / Top-3 per method over a set of case results, and the table the bench prints. */
export const methods = ['engine', 'first alert', 'downstream', 'robust deviation'] as const;
export type Method = (typeof methods)[number];

export function hits(result: CaseResult, method: Method, k: number): boolean | null {
  const truth = result.truth;
  if (method === 'engine') {
    if (!result.engine.available) return null;
    return topK(result.engine.culprits, k, (culprit) => engineHit(culprit, truth));
  }
  const ranked = method === 'first alert' ? result.baselines.firstAlert : method === 'downstream' ? result.baselines.downstream : result.baselines.robust;
  return topK(ranked, k, (service) => baselineHit(service, truth));
}

/** The share of cases a method got right within its first k (null when it could not be measured). */
export function accuracy(results: CaseResult[], method: Method, k: number): number | null {
  const answers = results.map((result) => hits(result, method, k));
  if (answers.length === 0 || answers.some((answer) => answer === null)) return null;
  return answers.filter(Boolean).length / answers.length;
}

const shown = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(2));

export function stableSeconds(results: CaseResult[]): { p50: number; max: number; unstable: number } | null {
  const engines = results.map((result) => result.engine).filter((engine) => engine.available);
  if (engines.length === 0) return null;
  const times = engines.map((engine) => engine.stableAfterMs).filter((ms): ms is number => ms !== null);
  return { p50: percentile(times, 50) / 1000, max: times.length === 0 ? Number.NaN : Math.max(...times) / 1000, unstable: engines.length - times.length };
}

/** Rows of groups (fault kinds, then all, basic and hard): Top-1 and Top-3 of each method side by side. */
export function table(groups: { name: string; results: CaseResult[] }[]): string {
  const header = ['', 'cases', ...methods.flatMap((method) => [`${method} @1`, '@3'])];
  const rows = groups
    .filter((group) => group.results.length > 0)
    .map((group) => [
      group.name,
      String(group.results.length),
      ...methods.flatMap((method) => [shown(accuracy(group.results, method, 1)), shown(accuracy(group.results, method, 3))]),
    ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (row: string[]): string =>
    `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ')}`;
  return [line(header), ...rows.map(line)].join('\n');
}
