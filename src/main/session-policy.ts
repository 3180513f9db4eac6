import type { Session } from 'electron';

/**
 * Session-wide rules: every response the renderer loads carries our CSP (the dev server's
 * included; the app protocol sets it too), and no page is granted any permission (camera,
 * notifications, geolocation...). Desktop notifications come from the main process instead.
 */
export function applySessionPolicy(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
