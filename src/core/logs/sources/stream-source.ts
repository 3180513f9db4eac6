import type { Readable } from 'node:stream';
import type { LogSourceView } from '../../../shared/types/logs';
import type { LogPipeline, SourceHandle } from '../log-pipeline';
import { LineSplitter } from '../parse/line-splitter';
import { SourceStatus, type LogSource } from './log-source';

export type OutputStream = 'stdout' | 'stderr';

/**
 * A service's stdout or stderr, fed by whoever runs the service (the service manager): either
 * a Readable (`attach`, paused while the pipeline is full) or chunks (`write`).
 */
export class StreamSource implements LogSource {
  readonly key: string;
  private readonly handle: SourceHandle;
  private readonly splitter: LineSplitter;
  private readonly status: SourceStatus;
  private readonly detachers = new Set<() => void>();

  constructor(
    readonly service: string,
    readonly stream: OutputStream,
    private readonly pipeline: LogPipeline,
    maxLineBytes: number,
    onChange: () => void,
  ) {
    this.key = `service:${service}:${stream}`;
    this.handle = pipeline.open({
      key: this.key,
      kind: 'service',
      name: `${service}:${stream}`,
      service,
      format: 'auto',
      multiline: { kind: 'auto' },
      origin: 'output',
    });
    this.splitter = new LineSplitter(maxLineBytes, (line) => this.handle.line(line.text, line.truncatedBytes));
    this.status = new SourceStatus(onChange);
  }

  write(chunk: Buffer | string): void {
    this.status.set('following', null);
    this.splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }

  /** Reads a stream until it ends; returns the function that stops reading it. */
  attach(readable: Readable): () => void {
    this.status.set('following', null);
    const onData = (chunk: Buffer | string): void => {
      this.write(chunk);
      if (this.pipeline.busy) readable.pause();
    };
    const stopDrain = this.pipeline.onDrain(() => {
      if (readable.isPaused()) readable.resume();
    });
    const onEnd = (): void => {
      this.splitter.flush();
      this.handle.end();
      this.status.set('waiting', 'the output ended; waiting for the service to run again');
      detach();
    };
    const detach = (): void => {
      readable.off('data', onData);
      readable.off('end', onEnd);
      readable.off('close', onEnd);
      stopDrain();
      this.detachers.delete(detach);
    };
    readable.on('data', onData);
    readable.once('end', onEnd);
    readable.once('close', onEnd);
    this.detachers.add(detach);
    return detach;
  }

  views(): LogSourceView[] {
    return [this.status.view(this.handle)];
  }

  stop(): void {
    for (const detach of [...this.detachers]) detach();
    this.splitter.flush();
    this.pipeline.close(this.handle);
  }
}
