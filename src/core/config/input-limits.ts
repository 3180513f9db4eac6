import { formatBytes, parseByteSize } from '../../shared/byte-size';
import { ZervigoError } from '../../shared/errors';

/**
 * Every limit on text Zervigo takes from outside — the workspace file at start and on each
 * hot reload, an edit sent to workspace.validate / workspace.save, an imported tmux project, a
 * batch file — is defined and checked here, so each path refuses the same input the same way,
 * before any parser sees it.
 */

/** Real workspaces are a few KiB; 4 MiB stops accidents (a log file passed by mistake) and abuse. */
export const DEFAULT_MAX_WORKSPACE_BYTES = 4 * 1024 * 1024;
export const MAX_WORKSPACE_SIZE_ENV = 'ZERVIGO_MAX_WORKSPACE_SIZE';
export const MAX_WORKSPACE_SIZE_FLAG = '--max-workspace-size';
/** Below this a limit would refuse the starter workspace itself. */
const SMALLEST_LIMIT = 64 * 1024;

/**
 * Collections inside collections. A real workspace nests about 8 deep (services → api → probes
 * → [0] → http → headers); parsers and validators recurse, so a file nested thousands deep would
 * otherwise end in a stack overflow.
 */
export const MAX_NESTING_DEPTH = 64;

export function nestedTooDeeply(): string {
  return `nested too deeply (limit ${MAX_NESTING_DEPTH})`;
}

/** The limit from --max-workspace-size, else ZERVIGO_MAX_WORKSPACE_SIZE, else 4 MiB. */
export function resolveMaxWorkspaceBytes(flag?: string, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env[MAX_WORKSPACE_SIZE_ENV];
  const [text, source] =
    flag !== undefined && flag !== ''
      ? [flag, MAX_WORKSPACE_SIZE_FLAG]
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, MAX_WORKSPACE_SIZE_ENV]
        : [null, ''];
  if (text === null) return DEFAULT_MAX_WORKSPACE_BYTES;
  const bytes = parseByteSize(text);
  if (bytes === null) throw new ZervigoError('invalid_input', `${source} "${text}" is not a size; write e.g. 4MiB, 512KiB or 8MB`);
  if (bytes < SMALLEST_LIMIT)
    throw new ZervigoError('invalid_input', `${source} ${text} is too small; the workspace limit is at least ${formatBytes(SMALLEST_LIMIT)}`);
  return bytes;
}

/** "the workspace text is 5 MiB, over the 4 MiB limit (…how to raise it)". */
export function oversizeMessage(what: string, bytes: number | null, limit: number): string {
  const size = bytes === null ? `over ${formatBytes(limit)}` : `${formatBytes(bytes)}, over the ${formatBytes(limit)} limit`;
  return `${what} is ${size} (raise it with ${MAX_WORKSPACE_SIZE_ENV} or \`zervigo serve ${MAX_WORKSPACE_SIZE_FLAG}\`)`;
}

/** The UTF-8 size of a text when it is over `limit`, else null; cheap for the common small text. */
export function bytesOverLimit(text: string, limit: number): number | null {
  // A UTF-16 unit takes 1 to 3 bytes in UTF-8: the length alone often decides.
  if (text.length * 3 <= limit) return null;
  if (text.length > limit) return Buffer.byteLength(text, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit ? bytes : null;
}

/** Refuses a text over the limit with 413 (an edit sent over the API or IPC). */
export function assertTextWithinLimit(text: string, limit: number, what: string): void {
  const bytes = bytesOverLimit(text, limit);
  if (bytes !== null) throw new ZervigoError('payload_too_large', oversizeMessage(what, bytes, limit));
}

/**
 * The offset of the first character YAML does not allow in a file (C0 controls other than tab,
 * newline and carriage return, and DEL), or -1: NUL bytes and the like mean a binary file, which
 * the parser would otherwise read as odd text.
 */
export function firstControlCharacter(text: string): number {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
}

export function controlCharacterMessage(text: string, offset: number): string {
  const code = text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0');
  return `a control character (U+${code}) is not allowed in the file; is this a binary file? A workspace is YAML text`;
}

/**
 * The HTTP body limit for a server carrying workspace edits: a workspace text of the full
 * size, escaped as a JSON string (quotes, backslashes and newlines double), plus the rest.
 */
export function bodyLimitFor(maxWorkspaceBytes: number): number {
  return 2 * maxWorkspaceBytes + 64 * 1024;
}

/**
 * True when a parsed value nests deeper than MAX_NESTING_DEPTH — possible even in a shallow
 * file, through a chain of YAML aliases. Walked level by level without recursion; a node shared
 * by several aliases is visited once per level.
 */
export function nestsTooDeeply(value: unknown): boolean {
  let level: object[] = typeof value === 'object' && value !== null ? [value] : [];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth >= MAX_NESTING_DEPTH) return true;
    const next = new Set<object>();
    for (const node of level) {
      for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) next.add(child as object);
    }
    level = [...next];
  }
  return false;
}
