import { protocol } from 'electron';
import { APP_SCHEME, serveRendererFile } from './renderer-files';

/**
 * Must run before `app.ready`. A standard, secure scheme gives the renderer a real origin
 * (`app://zervigo`) for CSP 'self', fetch and storage, unlike file:// where every file is
 * its own opaque origin and any local file is reachable.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Serves the built renderer (out/renderer) on `app://zervigo/…`; see renderer-files.ts for the checks. */
export function serveAppProtocol(root: string, csp: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(request, { root, headers: { 'Content-Security-Policy': csp } }));
}
