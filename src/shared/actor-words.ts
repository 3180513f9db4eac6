/**
 * Who did it, as an operator reads it in a status line: "stopped by the web console", not
 * "stopped by browser" (or "stopped by api" next to a service named api).
 */
export function actorWords(actor: string): string {
  switch (actor) {
    case 'browser':
      return 'the web console';
    case 'api':
      return 'an API client';
    case 'desktop':
      return 'the desktop app';
    case 'tray':
      return 'the tray menu';
    case 'supervisor':
      return 'the supervisor';
    default: {
      if (actor.startsWith('rule:')) return `rule ${actor.slice('rule:'.length)}`;
      // The audit log's "alice (token ci)" would nest brackets inside a reason's own.
      const token = /^(.+) \(token (.+)\)$/.exec(actor);
      return token === null ? actor : `${token[1]} with token ${token[2]}`;
    }
  }
}
