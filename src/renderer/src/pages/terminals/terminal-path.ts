/** #/terminals/<session:window>: the Terminals page opens (or focuses) a tab on that tmux window. */
export function terminalPath(tmuxTarget: string): string {
  return `/terminals/${encodeURIComponent(tmuxTarget)}`;
}

export function parseTerminalTarget(param: string | undefined): { session: string; window?: string } | null {
  if (param === undefined || param === '') return null;
  const target = decodeURIComponent(param);
  const colon = target.indexOf(':');
  return colon === -1 ? { session: target } : { session: target.slice(0, colon), window: target.slice(colon + 1) };
}
