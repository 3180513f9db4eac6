/**
 * The HTTP/WebSocket transport of the contract (the server and the browser Bridge share it).
 *
 *   POST /api/v1/rpc/<command>   body: the command's input as JSON (or empty)
 *        200 -> the output as JSON; 4xx/5xx -> { error: ErrorBody }
 *   GET  /api/v1/events          WebSocket; client sends WsClientMessage, server sends WsServerMessage
 *
 * Authentication: `Authorization: Bearer <token>`, or the HttpOnly session cookie set by the
 * one-time login link printed at start (GET /login?once=...) or by POST /api/v1/login
 * { username, password } or { token }, or by single sign-on (GET /auth/oidc/<provider>/start, which
 * sends the browser to the provider and back to /auth/oidc/<provider>/callback); POST /api/v1/logout
 * ends the session. GET /api/v1/sso/providers (no sign-in needed) lists the "Sign in with …"
 * buttons and the last single sign-on failure of this browser.
 */
export const API_PREFIX = '/api/v1';

/**
 * A server hosting several workspaces: a request names one by its path (/w/<name>/api/v1/…, and
 * the console at /w/<name>/) or by this header; naming none, it goes to its credential's own
 * (a token's workspace, the one a session was opened in).
 */
export const WORKSPACE_HEADER = 'x-zervigo-workspace';
export const WORKSPACE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** The path prefix of a workspace on a server hosting several: /w/<name>. */
export function workspacePathPrefix(name: string): string {
  return `/w/${encodeURIComponent(name)}`;
}

/** The workspace a page's or request's path names (/w/<name>/…), or null. */
export function workspaceOfPath(pathname: string): string | null {
  const match = /^\/w\/([^/?#]+)/.exec(pathname);
  if (match === null) return null;
  let name: string;
  try {
    name = decodeURIComponent(match[1] as string);
  } catch {
    return null;
  }
  return WORKSPACE_NAME_PATTERN.test(name) ? name : null;
}
export const EVENTS_PATH = `${API_PREFIX}/events`;
export const LOGIN_PATH = `${API_PREFIX}/login`;
export const LOGOUT_PATH = `${API_PREFIX}/logout`;
export const SESSION_COOKIE = 'zervigo_session';
export const SSO_PROVIDERS_PATH = `${API_PREFIX}/sso/providers`;

export function ssoStartPath(provider: string): string {
  return `/auth/oidc/${encodeURIComponent(provider)}/start`;
}

export function ssoCallbackPath(provider: string): string {
  return `/auth/oidc/${encodeURIComponent(provider)}/callback`;
}

/** The sign-in page's single sign-on buttons, and why this browser's last attempt failed (shown once). */
export interface SsoProvidersResponse {
  providers: { id: string; name: string }[];
  error: string | null;
}

export function rpcPath(command: string): string {
  return `${API_PREFIX}/rpc/${command}`;
}

export type WsClientMessage = { type: 'subscribe'; names: string[] } | { type: 'unsubscribe'; names: string[] };

export type WsServerMessage = { type: 'event'; name: string; payload: unknown } | { type: 'error'; message: string };
