/**
 * The renderer's Content-Security-Policy. Production is strict: only our own scripts, no
 * eval, no remote connections (everything goes through IPC). Styles allow 'unsafe-inline'
 * because Mantine injects <style> tags at run time.
 */
export function contentSecurityPolicy(devServerOrigin: string | null = null): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    // Vite inlines small assets as data: URLs; fonts are the ones that would silently break.
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  if (devServerOrigin !== null) {
    // Development only: Vite's React refresh preamble is an inline script and HMR uses a WebSocket.
    directives['script-src']?.push("'unsafe-inline'");
    directives['connect-src']?.push(devServerOrigin.replace(/^http/, 'ws'));
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
