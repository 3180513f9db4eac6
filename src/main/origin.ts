/**
 * Origins compared the way the security checks need them. WHATWG URL reports an opaque
 * origin ("null") for non-special schemes such as our `app://zervigo`, so the origin is
 * built from scheme + host instead; `file:` and other host-less URLs have none.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

export function isSameOrigin(url: string, origin: string): boolean {
  const actual = originOf(url);
  return actual !== null && actual === originOf(origin);
}

/** Only http(s) links may leave the app, and only to the OS browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
