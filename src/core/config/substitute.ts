/**
 * `${VAR}` and `${VAR:-default}` in workspace strings, from the active environment's vars and
 * then the process environment. `$${` writes a literal `${`. A missing variable is an error,
 * never an empty string, so a typo cannot silently produce a wrong command or URL.
 */
const reference = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{([^}]*)\}?/g;

export type Lookup = (name: string) => string | undefined;

export type SubstitutionResult = { ok: true; value: string } | { ok: false; message: string };

export function substitute(text: string, lookup: Lookup): SubstitutionResult {
  if (!text.includes('$')) return { ok: true, value: text };
  const missing: string[] = [];
  const malformed: string[] = [];
  const value = text.replace(reference, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      malformed.push(match);
      return match;
    }
    const found = lookup(name);
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return match;
  });
  if (malformed.length > 0) return { ok: false, message: `malformed variable reference ${malformed[0]}; write \${NAME} or \${NAME:-default}` };
  if (missing.length > 0)
    return { ok: false, message: `${missing.map((name) => `\${${name}}`).join(', ')} is not set in the environment's vars or the process environment` };
  return { ok: true, value };
}

/** True when the whole text is one reference, so the value may take the type it reads as (a port number). */
export function isWholeReference(text: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(text);
}
