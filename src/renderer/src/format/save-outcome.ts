import type { ConfigIssue } from '../../../shared/types/workspace';
import { configIssuesOf } from './config-issue';
import { codeOf, messageOf } from './error-message';

/** What the last Validate or Save said, for the line under the editor. */
export type EditOutcome =
  | { kind: 'none' }
  | { kind: 'valid'; restartToApply: { service: string; fields: string[] }[] }
  | { kind: 'saved'; versionId: number }
  | { kind: 'issues'; issues: ConfigIssue[]; saving: boolean }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

/** A refused save: its issues (400), a conflict (409), or any other failure. */
export function outcomeOfSaveError(error: unknown): EditOutcome {
  const code = codeOf(error);
  if (code === 'invalid_input') {
    const issues = configIssuesOf(error instanceof Error && 'details' in error ? (error as { details?: unknown }).details : undefined);
    if (issues.length > 0) return { kind: 'issues', issues, saving: true };
  }
  if (code === 'conflict') return { kind: 'conflict', message: messageOf(error) };
  return { kind: 'failed', message: messageOf(error) };
}
