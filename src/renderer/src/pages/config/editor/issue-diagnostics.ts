import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { ConfigIssue } from '../../../../../shared/types/workspace';

/** The offset of line:col (1-based, as the engine reports them) in a document, clamped to it. */
export function offsetOf(doc: Text, line: number, col: number): number {
  const at = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(at.from + Math.max(0, col - 1), at.to);
}

/** An engine issue as an inline marker: from its column to the end of the word there (at least one character). */
export function diagnosticOf(doc: Text, issue: ConfigIssue): Diagnostic {
  const from = offsetOf(doc, issue.line, issue.col);
  const line = doc.lineAt(from);
  const word = /^[^\s,:}\]]+/.exec(line.text.slice(from - line.from))?.[0].length ?? 0;
  const to = Math.min(line.to, from + Math.max(1, word));
  return { from, to: Math.max(to, from), severity: 'error', message: issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`, source: 'zervigo' };
}
