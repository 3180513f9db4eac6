import type { Logger } from '../logger';

const TAIL_BYTES = 8 * 1024;
/** Lines a plugin may log per second before the rest are counted instead of logged. */
const LINES_PER_SECOND = 20;

/**
 * A plugin's stdout and stderr: the last 8 KiB kept to explain a crash, lines passed to the
 * engine's log at most 20 a second, so a plugin that floods its output cannot flood the log.
 */
export class OutputTail {
  private tail = '';
  private windowStart = 0;
  private linesInWindow = 0;
  private dropped = 0;

  constructor(
    private readonly plugin: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  add(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.tail = (this.tail + text).slice(-TAIL_BYTES);
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      if (this.dropped > 0)
        this.logger.warn({ plugin: this.plugin, dropped: this.dropped }, 'a plugin wrote more than 20 lines a second; the rest were not logged');
      this.windowStart = now;
      this.linesInWindow = 0;
      this.dropped = 0;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      if (this.linesInWindow >= LINES_PER_SECOND) {
        this.dropped++;
        continue;
      }
      this.linesInWindow++;
      this.logger.info({ plugin: this.plugin, stream }, line.slice(0, 500));
    }
  }

  mentions(text: string): boolean {
    return this.tail.includes(text);
  }

  lastMatching(pattern: RegExp): string | null {
    const lines = this.tail.split('\n').filter((line) => pattern.test(line));
    return lines.at(-1)?.trim() ?? null;
  }

  lastLine(): string | null {
    return (
      this.tail
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('at ') && !line.startsWith('Node.js v') && !line.startsWith('(Use `node'))
        .at(-1) ?? null
    );
  }

  /** Forgets the last run's output when a new process starts. */
  clear(): void {
    this.tail = '';
  }
}
