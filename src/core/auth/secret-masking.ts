/**
 * Secrets are masked for callers without the `secrets` permission (viewers, operators, narrow
 * tokens): channel URLs and webhooks, passwords in URLs (SMTP), tokens, header values and env
 * values whose names say they are secret, and values that look like well-known token formats.
 * Works on structured outputs (by key) and on text — the workspace file, a diff of two versions,
 * a log line — line by line, so a masked file keeps its layout and line numbers.
 */
export const MASK = '••••••';

/** Names that say "secret", as keys, env var names or header names: DB_PASSWORD, apiKey, X-Auth-Token. */
const SECRET_NAME =
  /(?:password|passwd|passphrase|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|routing[-_]?key|integration[-_]?key|credentials?|authorization|cookie|webhook(?:[-_]?url)?|dsn|signature)s?$/i;
/** Inside `channels:` the destination itself is the secret (a webhook URL opens the channel to anyone). */
const CHANNEL_SECRET_NAME = /^(?:url|webhook)$/i;
/** Well-known token formats, wherever they appear: ours, GitHub, GitLab, Slack, OpenAI/Stripe, AWS, Google, JWTs. */
const TOKEN_LIKE =
  /\b(?:zvg_[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|[sr]k_live_[A-Za-z0-9]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+)/g;
/** user:password@ in a URL (smtp://zervigo:hunter2@mail…). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/gi;
/** ?token=…&signature=… in a URL. */
const URL_QUERY_SECRET = /([?&](?:access_token|token|api_?key|apikey|key|secret|password|sig|signature)=)([^&\s#'"]+)/gi;
/** Cheap test before any real work: most text (log lines, numbers, names) has none of these. */
const HINT =
  /pass|pwd|secret|token|key|credential|authori|cookie|webhook|dsn|signature|sig=|:\/\/[^\s/]*@|zvg_|gh[pousr]_|github_pat|glpat|xox|sk-|k_live|AKIA|AIza|eyJ|channels|url/i;
/** key: value pairs on a YAML line, block or flow style (`a: 1`, `{ webhook: "…", channel: "#ops" }`). */
const PAIR =
  /((?:^|[{,]|^\s*-)\s*)("[^"]*"|'[^']*'|[A-Za-z0-9_.$@-]+)(\s*:[ \t]+)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,{}[\]#][^,{}[\]#]*?)(?=\s*(?:[,}\]]|#|$))/g;
/** A value that only names a variable (${SLACK_WEBHOOK}) tells nothing secret. */
const REFERENCE_ONLY = /^["']?\$\{[A-Za-z_][A-Za-z0-9_]*\}["']?$/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.replace(/^["']|["']$/g, ''));
}

/** Masks secrets in an output or event payload; returns the same object when nothing needed masking. */
export function maskSecrets<T>(value: T): T {
  return maskValue(value, null) as T;
}

function maskValue(value: unknown, key: string | null): unknown {
  if (typeof value === 'string') {
    if (key !== null && value !== '' && isSecretName(key) && !REFERENCE_ONLY.test(value)) return MASK;
    return maskText(value);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const masked = maskValue(item, null);
      if (masked !== item) (copy ??= value.slice())[index] = masked;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const [entryKey, item] of Object.entries(value)) {
    const masked = maskValue(item, entryKey);
    if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[entryKey] = masked;
  }
  return copy ?? value;
}

/**
 * Masks a text: a single line (a probe target, a log line) or a YAML document or unified diff of
 * one, keeping every line where it was. Multi-line values under a secret key (`key: |`) are
 * masked line by line.
 */
export function maskText(text: string): string {
  if (!HINT.test(text)) return text;
  if (!text.includes('\n')) return maskLine(text, false);
  const diff = /^(?:--- |@@ )/m.test(text) && /^\+\+\+ /m.test(text);
  let section: string | null = null;
  let blockIndent = -1;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const isDiffHeader = diff && /^(?:--- |\+\+\+ |@@ )/.test(line);
    const marker = diff && !isDiffHeader && /^[ +-]/.test(line) ? line.charAt(0) : '';
    const body = isDiffHeader ? line : line.slice(marker.length);
    const indent = /^ */.exec(body)?.[0].length ?? 0;
    if (blockIndent >= 0) {
      if (body.trim() === '' || indent > blockIndent) {
        if (body.trim() !== '') lines[index] = `${marker}${' '.repeat(indent)}${MASK}`;
        continue;
      }
      blockIndent = -1;
    }
    if (isDiffHeader) continue;
    const topLevel = /^([A-Za-z_][\w-]*)\s*:/.exec(body);
    if (indent === 0 && topLevel !== null) section = topLevel[1] as string;
    let opensBlock = false;
    const masked = maskLine(body, section === 'channels', () => (opensBlock = true));
    if (opensBlock) blockIndent = indent;
    lines[index] = `${marker}${masked}`;
  }
  return lines.join('\n');
}

function maskLine(line: string, inChannels: boolean, onBlockScalar?: () => void): string {
  let out = line.replace(PAIR, (whole, lead: string, key: string, colon: string, value: string) => {
    const bare = key.replace(/^["']|["']$/g, '');
    if (!(isSecretName(bare) || (inChannels && CHANNEL_SECRET_NAME.test(bare)))) return whole;
    if (/^[|>][-+0-9]*$/.test(value.trim())) {
      onBlockScalar?.();
      return whole;
    }
    if (REFERENCE_ONLY.test(value.trim()) || /^["']{2}$/.test(value.trim())) return whole;
    return `${lead}${key}${colon}"${MASK}"`;
  });
  out = out.replace(URL_PASSWORD, `$1${MASK}$3`).replace(URL_QUERY_SECRET, `$1${MASK}`);
  return out.replace(TOKEN_LIKE, MASK);
}
