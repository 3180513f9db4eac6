export type DiffLineKind = 'added' | 'removed' | 'context' | 'hunk' | 'header';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/** Classifies each line of a unified diff so it can be coloured (+ added, - removed, @@ hunk). */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let inHunk = false;
  return lines.map((text): DiffLine => {
    if (text.startsWith('@@')) {
      inHunk = true;
      return { kind: 'hunk', text };
    }
    if (!inHunk) return { kind: 'header', text };
    if (text.startsWith('+')) return { kind: 'added', text };
    if (text.startsWith('-')) return { kind: 'removed', text };
    return { kind: 'context', text };
  });
}

/** True when the diff has no added or removed lines (the two versions have the same text). */
export function isEmptyDiff(lines: readonly DiffLine[]): boolean {
  return !lines.some((line) => line.kind === 'added' || line.kind === 'removed');
}
