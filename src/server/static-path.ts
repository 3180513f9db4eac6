/** How many layers of %-encoding are undone before a path is judged (%252e%252e is two). */
const DECODE_ROUNDS = 3;

/**
 * True when a request path can only name something inside the console's folder. Refused: `.`
 * and `..` segments, backslashes (a separator on Windows), NUL bytes and encodings that do not
 * decode — spelled plainly, %-encoded, double-encoded, or as overlong UTF-8 (%c0%ae). The file
 * server refuses most of these too, but as an error; this lets them be an ordinary 404.
 */
export function isSafeStaticPath(url: string): boolean {
  let path = url.split('?', 1)[0] ?? '';
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (path.includes('\\') || path.includes('\0')) return false;
    if (path.split('/').some((segment) => segment === '.' || segment === '..')) return false;
    if (!path.includes('%')) return true;
    try {
      path = decodeURIComponent(path);
    } catch {
      return false;
    }
  }
  return false;
}
