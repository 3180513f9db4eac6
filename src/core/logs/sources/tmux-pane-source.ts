import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { LogSourceView } from '../../../shared/types/logs';
import type { LogPipeline, SourceHandle } from '../log-pipeline';
import { LineSplitter } from '../parse/line-splitter';
import { SourceStatus, type LogSource } from './log-source';

export interface TmuxPaneSpec {
  /** A tmux target: "session", "session:window", "session:window.pane", "%3". */
  target: string;
  service: string;
  /** tmux -L <socket> (tests, or a private server). */
  socket?: string;
  maxLineBytes: number;
}

/** Single-quotes a path for the shell tmux runs the pipe command in (our own path, never user input). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function tmux(args: string[], socket: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('tmux', [...(socket === undefined ? [] : ['-L', socket]), ...args], { timeout: 5_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(stderr.trim() || error.message));
    });
  });
}

function mkfifo(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('mkfifo', ['-m', '600', file], (error, _stdout, stderr) => (error === null ? resolve() : reject(new Error(stderr.trim() || error.message))));
  });
}

/**
 * A tmux pane's output: `tmux pipe-pane` copies it into a FIFO that Zervigo reads. A FIFO (not a
 * file) takes no disk and cannot grow; if Zervigo goes away the pipe command ends with it.
 */
export class TmuxPaneSource implements LogSource {
  readonly key: string;
  private readonly handle: SourceHandle;
  private readonly splitter: LineSplitter;
  private readonly status: SourceStatus;
  private readonly fifo: string;
  private socket: net.Socket | null = null;
  private stopped = false;
  private stopDrain: () => void = () => {};

  constructor(
    private readonly spec: TmuxPaneSpec,
    private readonly pipeline: LogPipeline,
    pipesDir: string,
    onChange: () => void,
  ) {
    this.key = `tmux:${spec.socket ?? 'default'}:${spec.target}`;
    this.handle = pipeline.open({
      key: this.key,
      kind: 'tmux',
      name: `tmux ${spec.target}`,
      service: spec.service,
      format: 'auto',
      multiline: { kind: 'auto' },
      origin: 'output',
    });
    this.splitter = new LineSplitter(spec.maxLineBytes, (line) => this.handle.line(line.text, line.truncatedBytes));
    this.status = new SourceStatus(onChange);
    this.fifo = path.join(pipesDir, `${crypto.createHash('sha256').update(this.key).digest('hex').slice(0, 16)}.fifo`);
    void this.start(pipesDir);
  }

  /** Resolves once the pane is piped (or failed: see the status). */
  ready: Promise<void> = Promise.resolve();

  private start(pipesDir: string): Promise<void> {
    this.ready = (async () => {
      try {
        fs.mkdirSync(pipesDir, { recursive: true, mode: 0o700 });
        fs.rmSync(this.fifo, { force: true });
        await mkfifo(this.fifo);
        // Read-write, so the FIFO never reports end-of-file between two writers.
        const fd = fs.openSync(this.fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
        const socket = new net.Socket({ fd, readable: true, writable: false });
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => {
          this.splitter.push(chunk);
          if (this.pipeline.busy) socket.pause();
        });
        socket.on('error', (error) => this.status.set('error', `reading the pane failed: ${error.message}`));
        this.stopDrain = this.pipeline.onDrain(() => {
          if (socket.isPaused()) socket.resume();
        });
        // Without -o: replaces a pipe left by an earlier run instead of toggling it off.
        await tmux(['pipe-pane', '-t', this.spec.target, `exec cat >> ${shellQuote(this.fifo)}`], this.spec.socket);
        if (this.stopped) return;
        this.status.set('following', null);
      } catch (error) {
        this.status.set('error', `cannot pipe tmux pane ${this.spec.target}: ${(error as Error).message}`);
      }
    })();
    return this.ready;
  }

  views(): LogSourceView[] {
    return [this.status.view(this.handle)];
  }

  stop(): void {
    this.stopped = true;
    this.stopDrain();
    // Closing the pipe (pipe-pane without a command) ends tmux's cat; failures mean the pane is gone.
    void tmux(['pipe-pane', '-t', this.spec.target], this.spec.socket).catch(() => undefined);
    this.socket?.destroy();
    this.socket = null;
    this.splitter.flush();
    this.pipeline.close(this.handle);
    fs.rmSync(this.fifo, { force: true });
  }
}
