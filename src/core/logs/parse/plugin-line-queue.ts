import { parseLine, type LogFormat, type ParsedLine } from './parse-line';
import { PARSER_BATCH_LINES, type PluginLineParser } from './plugin-parsers';

/**
 * One source's lines on their way through a plugin's log parser: sent in batches, one batch in
 * flight at a time, so lines reach the entry joiner in the order they were read. A batch the
 * plugin cannot parse (timeout, down, garbage) is read by the built-in parser instead, and the
 * problem reported: no line is lost because a plugin misbehaves.
 */
export class PluginLineQueue {
  private readonly waiting: { text: string; receivedAt: number }[] = [];
  private sending = false;

  constructor(
    private readonly format: LogFormat,
    private readonly deliver: (text: string, parsed: ParsedLine, receivedAt: number) => void,
    private readonly report: (parser: PluginLineParser, error: Error | null) => void,
    private readonly pendingChanged: (delta: number) => void,
  ) {}

  get pending(): number {
    return this.waiting.length;
  }

  push(parser: PluginLineParser, text: string, receivedAt: number): void {
    this.waiting.push({ text, receivedAt });
    this.pendingChanged(1);
    // A chunk's lines arrive in one synchronous run: they go as one batch.
    if (!this.sending) {
      this.sending = true;
      queueMicrotask(() => void this.send(parser));
    }
  }

  private async send(parser: PluginLineParser): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, PARSER_BATCH_LINES);
      let parsed: (ParsedLine | null)[] | null = null;
      try {
        parsed = await parser.parse(batch.map((line) => line.text));
        this.report(parser, null);
      } catch (error) {
        this.report(parser, error as Error);
      }
      batch.forEach((line, i) => this.deliver(line.text, parsed?.[i] ?? parseLine(line.text, this.format, line.receivedAt), line.receivedAt));
      this.pendingChanged(-batch.length);
    }
    this.sending = false;
  }
}
