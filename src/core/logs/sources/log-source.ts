import type { LogSourceState, LogSourceView } from '../../../shared/types/logs';
import type { SourceHandle } from '../log-pipeline';

/** What every source (file, service output, tmux pane, journal) offers the logs module. */
export interface LogSource {
  readonly key: string;
  views(): LogSourceView[];
  /** Reads what is available (polled sources); returns true when more is waiting. */
  poll?(): boolean;
  /** Where reading stopped, per source record id, to resume after a restart. */
  positions?(): Map<number, string>;
  stop(): void;
}

/** The state of one followed thing, reported through the logs module as LogSourceView. */
export class SourceStatus {
  state: LogSourceState = 'waiting';
  message: string | null = null;

  constructor(private readonly onChange: () => void) {}

  set(state: LogSourceState, message: string | null): void {
    if (state === this.state && message === this.message) return;
    this.state = state;
    this.message = message;
    this.onChange();
  }

  view(handle: SourceHandle): LogSourceView {
    return {
      key: handle.spec.key,
      kind: handle.spec.kind,
      name: handle.spec.name,
      service: handle.spec.service,
      state: this.state,
      message: this.message,
      lines: handle.lines,
      bytes: handle.bytes,
      copies: handle.copies,
      lastLineAt: handle.lastLineAt,
    };
  }
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
