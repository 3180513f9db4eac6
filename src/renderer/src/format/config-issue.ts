import type { ConfigIssue } from '../../../shared/types/workspace';

/** The last path segment, for display; the full path goes in a tooltip. */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

/** "zervigo.yaml:12:5" — the location an editor can jump to. */
export function issueLocation(issue: ConfigIssue, shortFile = false): string {
  return `${shortFile ? baseName(issue.file) : issue.file}:${issue.line}:${issue.col}`;
}

/** "zervigo.yaml:12:5: services.api.probes[0].every: expected a duration" */
export function formatConfigIssue(issue: ConfigIssue, shortFile = false): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `${issueLocation(issue, shortFile)}: ${where}${issue.message}`;
}

function isConfigIssue(value: unknown): value is ConfigIssue {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.file === 'string' && typeof candidate.line === 'number' && typeof candidate.col === 'number' && typeof candidate.message === 'string';
}

/** The issues carried in an error's details (`{ issues: ConfigIssue[] }`), or none. */
export function configIssuesOf(details: unknown): ConfigIssue[] {
  if (typeof details !== 'object' || details === null) return [];
  const issues = (details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(isConfigIssue).map((issue) => ({ ...issue, path: typeof issue.path === 'string' ? issue.path : '' }));
}
