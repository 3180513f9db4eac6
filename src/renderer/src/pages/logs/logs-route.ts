/**
 * What the Logs page shows, as its URL says (so a view can be shared and reloaded):
 *   #/logs?q=timeout+level:error+      a search
 *   #/logs?service=api                 that service's lines (the query `service:api`)
 *   #/logs?line=123&q=timeout          the lines around line 123 (the query's words highlighted)
 *   #/logs?service=api&at=<ms>         the lines around api's line nearest that moment (alerts, a service's page)
 *   … &scope=service                   only the anchor's service, instead of all services
 *   … &range=6h                        a search over the last 6 hours (a service page's range); 1h when absent
 *   … &host=all                        every host's lines (this console's and its agents'); host=<agent>: one agent's
 */
export type ContextScope = 'all' | 'service';

export type ContextAnchor = { id: number } | { at: number; service: string | null };

export interface LogsRoute {
  /** The search text (with its fields: level:, service: …). */
  query: string;
  /** Set: the page shows the lines around this line instead of a search. */
  anchor: ContextAnchor | null;
  scope: ContextScope;
  /** The search's time range (`15m`, `6h`, `all`…), as written; null: the page's default. */
  range: string | null;
  /** Whose lines: "all" hosts, an agent's name; absent or null: this console's ("local"). */
  host?: string | null;
}

/** Reads the route from the hash (`#/logs?…`), or from the URL's own query when the hash has none. */
export function readLogsRoute(hash: string, search: string): LogsRoute {
  const inHash = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(inHash !== '' ? inHash : search);
  const number = (name: string): number | null => {
    const value = Number(params.get(name));
    return params.has(name) && Number.isFinite(value) && value > 0 ? value : null;
  };
  const service = params.get('service');
  const line = number('line');
  const at = number('at');
  let query = params.get('q') ?? '';
  const anchor: ContextAnchor | null = line !== null ? { id: Math.floor(line) } : at !== null ? { at, service } : null;
  // A service alone is its lines: the search `service:<name>`.
  if (anchor === null && service !== null && query.trim() === '') query = `service:${service}`;
  const range = params.get('range');
  const host = params.get('host')?.trim() ?? '';
  return {
    query,
    anchor,
    scope: params.get('scope') === 'service' ? 'service' : 'all',
    range: range === null || range.trim() === '' ? null : range.trim(),
    ...(host === '' || host === 'local' ? {} : { host }),
  };
}

/** The path (for `#…` links and `location.hash`) of a route. */
export function logsRoutePath(route: LogsRoute): string {
  const params = new URLSearchParams();
  if (route.anchor !== null) {
    if ('id' in route.anchor) params.set('line', String(route.anchor.id));
    else {
      if (route.anchor.service !== null) params.set('service', route.anchor.service);
      params.set('at', String(Math.round(route.anchor.at)));
    }
    if (route.scope === 'service') params.set('scope', 'service');
  }
  if (route.query.trim() !== '') params.set('q', route.query.trim());
  if (route.range !== null) params.set('range', route.range);
  if (route.host !== undefined && route.host !== null && route.host !== 'local') params.set('host', route.host);
  const text = params.toString();
  return text === '' ? '/logs' : `/logs?${text}`;
}

/** The lines around one line, keeping the search it was found with (for its highlights and the way back); on `host`, an agent's line. */
export function contextPath(id: number, query: string, scope: ContextScope = 'all', range: string | null = null, host: string | null = null): string {
  return logsRoutePath({ query, anchor: { id }, scope, range, host });
}

/**
 * Goes to a Logs route, keeping its query in the hash as the links do (the router's own navigate
 * would move it into the URL's query, where it would outlive the page).
 */
export function openLogsRoute(route: LogsRoute, options: { replace?: boolean } = {}): void {
  const hash = `#${logsRoutePath(route)}`;
  if (window.location.hash === hash) return;
  if (options.replace === true) {
    const oldURL = window.location.href;
    window.history.replaceState(window.history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: window.location.href }));
  } else window.location.hash = hash;
}
