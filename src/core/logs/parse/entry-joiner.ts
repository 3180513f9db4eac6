import type { ParsedLine } from './parse-line';

export type MultilineMode = { kind: 'auto' } | { kind: 'none' } | { kind: 'start'; pattern: RegExp };

/** A finished entry: its first line's parse plus the continuation lines, joined by "\n". */
export interface JoinedEntry {
  first: ParsedLine;
  text: string;
  receivedAt: number;
  lines: number;
}

/** An entry never grows past these: a runaway "continuation" starts a new entry instead. */
export const MAX_ENTRY_LINES = 500;
export const MAX_ENTRY_BYTES = 256 * 1024;

const CONTINUATION = /^(?:[ \t]|Caused by:|\.\.\. \d+ (?:more|common frames omitted)|\}$|\]$)/;
const TRACEBACK = 'Traceback (most recent call last):';

/**
 * Joins the lines of one source into entries: a stack trace (Java's "at ..." and "Caused by:",
 * Node's indented "at ...", Python's traceback down to its exception line) and, in a source
 * whose lines start with a timestamp, any line without one belongs to the entry before it.
 * The last entry is held until the next one starts or `flush` (the source went quiet).
 */
export class EntryJoiner {
  private pending: { first: ParsedLine; parts: string[]; bytes: number; receivedAt: number } | null = null;
  private timestamped = 0;
  private inTraceback = false;

  constructor(
    private readonly mode: MultilineMode,
    private readonly onEntry: (entry: JoinedEntry) => void,
  ) {}

  push(raw: string, parsed: ParsedLine, receivedAt: number): void {
    if (parsed.startsEntry && parsed.ts !== null) this.timestamped = Math.min(this.timestamped + 1, 1000);
    const pending = this.pending;
    if (
      pending !== null &&
      this.continues(raw, parsed, pending.first) &&
      pending.parts.length < MAX_ENTRY_LINES &&
      pending.bytes + raw.length < MAX_ENTRY_BYTES
    ) {
      pending.parts.push(raw);
      pending.bytes += raw.length + 1;
      return;
    }
    this.inTraceback = raw.startsWith(TRACEBACK);
    this.flush();
    if (this.mode.kind === 'none') {
      this.onEntry({ first: parsed, text: parsed.body, receivedAt, lines: 1 });
      return;
    }
    this.pending = { first: parsed, parts: [parsed.body], bytes: parsed.body.length, receivedAt };
  }

  flush(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    this.onEntry({
      first: pending.first,
      text: pending.parts.length === 1 ? (pending.parts[0] as string) : pending.parts.join('\n'),
      receivedAt: pending.receivedAt,
      lines: pending.parts.length,
    });
  }

  get holding(): boolean {
    return this.pending !== null;
  }

  private continues(raw: string, parsed: ParsedLine, first: ParsedLine): boolean {
    switch (this.mode.kind) {
      case 'none':
        return false;
      case 'start':
        return !this.mode.pattern.test(raw);
      case 'auto': {
        if (parsed.startsEntry) return false;
        if (raw.startsWith(TRACEBACK)) {
          this.inTraceback = true;
          return true;
        }
        if (this.inTraceback) {
          // The exception line after the indented frames ends a Python traceback.
          if (!CONTINUATION.test(raw)) this.inTraceback = false;
          return true;
        }
        if (CONTINUATION.test(raw)) return true;
        // In a timestamped source, a line without a timestamp belongs to the entry before it.
        return this.timestamped >= 1 && first.ts !== null && first.startsEntry;
      }
    }
  }
}
