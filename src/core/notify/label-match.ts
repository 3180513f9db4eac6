import type { Labels } from '../store/labels';

/** `match` (exact values) and `match_re` (anchored regular expressions) over labels, compiled once. */
export function compileLabelMatch(exact: Readonly<Record<string, string>>, regex: Readonly<Record<string, string>> = {}): (labels: Labels) => boolean {
  const exactEntries = Object.entries(exact);
  const regexEntries = Object.entries(regex).map(([name, pattern]) => [name, new RegExp(`^(?:${pattern})$`)] as const);
  return (labels) =>
    exactEntries.every(([name, value]) => (labels[name] ?? '') === value) && regexEntries.every(([name, pattern]) => pattern.test(labels[name] ?? ''));
}
