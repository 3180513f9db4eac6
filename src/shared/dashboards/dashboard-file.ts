import { formatIssuePath, friendlyIssueMessage } from '../zod-message';
import { dashboardSchema, type Dashboard } from './dashboard';
import { GrafanaImportError, importGrafanaDashboard } from './grafana-import';

export type DashboardFileResult =
  | { ok: true; format: 'zervigo' | 'grafana'; dashboard: Dashboard; notImported: string[]; adjusted: string[] }
  | { ok: false; kind: 'json' | 'shape' | 'grafana'; message: string };

/** A Grafana model carries schemaVersion, gridPos on its panels, or the API's { dashboard, meta } wrapper. */
function looksLikeGrafana(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const object = value as Record<string, unknown>;
  if ('schemaVersion' in object || 'rows' in object || (typeof object.dashboard === 'object' && 'meta' in object)) return true;
  if (typeof object.apiVersion === 'string' && String(object.apiVersion).includes('grafana')) return true;
  return (
    Array.isArray(object.panels) && object.panels.some((panel) => typeof panel === 'object' && panel !== null && ('gridPos' in panel || 'targets' in panel))
  );
}

/** "line 3, column 7" from JSON.parse's "at position 42" (V8), so the place can be found in an editor. */
function placeOf(text: string, message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

/**
 * A dashboard file's text, read as a Zervigo dashboard or (recognised by its shape) a Grafana
 * dashboard to import; the error says whether the JSON, its shape or the import is at fault.
 */
export function readDashboardFile(text: string): DashboardFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: 'json', message: `not valid JSON${placeOf(text, message)}: ${message}` };
  }
  if (looksLikeGrafana(value)) {
    try {
      const imported = importGrafanaDashboard(value);
      const parsed = dashboardSchema.safeParse(imported.dashboard, { error: friendlyIssueMessage });
      if (!parsed.success) return { ok: false, kind: 'grafana', message: issuesOf(parsed.error.issues) };
      return { ok: true, format: 'grafana', dashboard: parsed.data, notImported: imported.notImported, adjusted: imported.adjusted };
    } catch (error) {
      if (error instanceof GrafanaImportError) return { ok: false, kind: 'grafana', message: error.message };
      throw error;
    }
  }
  const parsed = dashboardSchema.safeParse(value, { error: friendlyIssueMessage });
  if (!parsed.success) return { ok: false, kind: 'shape', message: issuesOf(parsed.error.issues) };
  return { ok: true, format: 'zervigo', dashboard: parsed.data, notImported: [], adjusted: [] };
}

function issuesOf(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length === 0 ? '(top)' : formatIssuePath(issue.path)}: ${issue.message}`)
    .join('\n');
}
