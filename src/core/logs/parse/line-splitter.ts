const NEWLINE = 0x0a;

export interface SplitLine {
  text: string;
  /** Bytes cut off a line longer than the limit (0 for most lines). */
  truncatedBytes: number;
}

/** How a cut line ends, so nobody mistakes it for the whole line. */
export function truncationMarker(bytes: number): string {
  return ` … [truncated ${bytes.toLocaleString('en-US')} bytes]`;
}

/**
 * Turns chunks of bytes into lines. A partial line is held until its newline arrives; a line
 * longer than `maxLineBytes` keeps its first bytes and counts the rest, so a 10 MB line (or a
 * binary file without newlines) never makes the buffer grow past the limit. Bytes are decoded
 * per line, so a UTF-8 character split across chunks is not broken; invalid UTF-8 becomes U+FFFD.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private skipped = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: SplitLine) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline < 0) break;
      if (this.held === 0 && this.skipped === 0) {
        const end = Math.min(newline, start + this.maxLineBytes);
        this.onLine({ text: chunk.toString('utf8', start, end), truncatedBytes: newline - end });
      } else {
        this.hold(chunk.subarray(start, newline));
        this.emit();
      }
      start = newline + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  /** Emits a held partial line (its source ended or rotated); returns whether there was one. */
  flush(): boolean {
    if (this.held === 0 && this.skipped === 0) return false;
    this.emit();
    return true;
  }

  get pendingBytes(): number {
    return this.held;
  }

  private hold(bytes: Buffer): void {
    const room = this.maxLineBytes - this.held;
    if (room > 0) {
      const kept = bytes.length <= room ? bytes : bytes.subarray(0, room);
      // Copied: the caller may reuse its read buffer.
      this.parts.push(Buffer.from(kept));
      this.held += kept.length;
    }
    this.skipped += Math.max(0, bytes.length - Math.max(0, room));
  }

  private emit(): void {
    const text = (this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts)).toString('utf8');
    const truncatedBytes = this.skipped;
    this.parts = [];
    this.held = 0;
    this.skipped = 0;
    this.onLine({ text, truncatedBytes });
  }
}
