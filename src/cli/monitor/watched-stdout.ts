/** ink's synchronized-output markers and its empty flush: they do not change the screen. */
const NOT_DRAWING = new Set(['\u001b[?2026h', '\u001b[?2026l', '']);

/**
 * The terminal's stream as ink is handed it: everything passes through, and `drawn` hears after
 * each write that may have changed the screen (so what is drawn beside ink can be drawn again).
 */
export function watchedStdout(stdout: NodeJS.WriteStream, drawn: () => void): NodeJS.WriteStream {
  const write = (...args: Parameters<NodeJS.WriteStream['write']>): boolean => {
    const accepted = stdout.write(...(args as [string]));
    if (!(typeof args[0] === 'string' && NOT_DRAWING.has(args[0]))) drawn();
    return accepted;
  };
  return new Proxy(stdout, {
    get(target, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
