/** An agent's pages in this console: #/hosts/<name>/services, /alerts, /insights. */
export function hostPath(agent: string, page = ''): string {
  return `/hosts/${encodeURIComponent(agent)}${page}`;
}
