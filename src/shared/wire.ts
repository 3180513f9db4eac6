/**
 * The HTTP/WebSocket transport of the contract (the server and the browser Bridge share it).
 *
 *   POST /api/v1/rpc/<command>   body: the command's input as JSON (or empty)
 *        200 -> the output as JSON; 4xx/5xx -> { error: ErrorBody }
 *   GET  /api/v1/events          WebSocket; client sends WsClientMessage, server sends WsServerMessage
 *
 * Authentication: `Authorization: Bearer <token>`, or the HttpOnly session cookie set by the
 * one-time login link printed at start (GET /login?once=...) or by POST /api/v1/login
 * { username, password } or { token }; POST /api/v1/logout ends the session.
 */
export const API_PREFIX = '/api/v1';
export const EVENTS_PATH = `${API_PREFIX}/events`;
export const LOGIN_PATH = `${API_PREFIX}/login`;
export const LOGOUT_PATH = `${API_PREFIX}/logout`;
export const SESSION_COOKIE = 'zervigo_session';

export function rpcPath(command: string): string {
  return `${API_PREFIX}/rpc/${command}`;
}

export type WsClientMessage = { type: 'subscribe'; names: string[] } | { type: 'unsubscribe'; names: string[] };

export type WsServerMessage = { type: 'event'; name: string; payload: unknown } | { type: 'error'; message: string };
