import { dashboardSchema, type Dashboard, type DashboardInput } from './dashboard';

/** What a link to an unsaved dashboard carries: the dashboard, and what its import left out. */
export interface DashboardLinkPayload {
  dashboard: DashboardInput;
  notImported?: string[];
  adjusted?: string[];
}

/**
 * The console path that opens a dashboard not (yet) in the workspace: `zervigo dashboard --config`
 * prints it, an import opens it. The dashboard rides in the hash route's query as base64url JSON,
 * so it never travels to the server in a request line or a log.
 */
export function dashboardLinkPath(payload: DashboardLinkPayload): string {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `/dashboards/open?d=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export type DecodedLink = { ok: true; dashboard: Dashboard; notImported: string[]; adjusted: string[] } | { ok: false; message: string };

/** The dashboard from a link's `d` parameter, validated as any dashboard is. */
export function decodeDashboardLink(encoded: string): DecodedLink {
  let payload: unknown;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
  } catch {
    return { ok: false, message: 'the link is cut short or damaged: open the file again with zervigo dashboard --config FILE' };
  }
  const object = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<Record<keyof DashboardLinkPayload, unknown>>;
  const parsed = dashboardSchema.safeParse(object.dashboard);
  if (!parsed.success) return { ok: false, message: `the dashboard in the link is not valid: ${parsed.error.issues[0]?.message ?? 'unknown shape'}` };
  const lines = (value: unknown): string[] => (Array.isArray(value) ? value.filter((line): line is string => typeof line === 'string') : []);
  return { ok: true, dashboard: parsed.data, notImported: lines(object.notImported), adjusted: lines(object.adjusted) };
}
