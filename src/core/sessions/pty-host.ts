import * as pty from 'node-pty';
import { BATCH_CHARS, BATCH_MS, type FromPtyHost, type PtyBackend, type PtySpawn, type ToPtyHost } from './pty-protocol';

interface Batch {
  parts: string[];
  chars: number;
  timer: NodeJS.Timeout | null;
}

/**
 * node-pty behind a message interface. Output is batched like Hyper's DataBatcher: a frame's
 * worth (16 ms) or 200 KB, whichever first, as whole strings (node-pty decodes UTF-8 with a
 * streaming decoder, so a character split across reads is never cut). Pausing stops reading the
 * pty, so the program writing to it blocks instead of memory growing.
 */
export class PtyHost {
  private readonly terminals = new Map<string, { pty: pty.IPty; batch: Batch }>();

  constructor(private readonly send: (message: FromPtyHost) => void) {}

  handle(message: ToPtyHost): void {
    if (message.type === 'spawn') return this.spawn(message.spawn);
    const terminal = this.terminals.get(message.id);
    if (terminal === undefined) return;
    switch (message.type) {
      case 'write':
        terminal.pty.write(message.data);
        return;
      case 'resize':
        try {
          terminal.pty.resize(message.cols, message.rows);
        } catch {
          // resizing a pty that just exited
        }
        return;
      case 'pause':
        terminal.pty.pause();
        return;
      case 'resume':
        terminal.pty.resume();
        return;
      case 'kill':
        this.flush(message.id);
        terminal.pty.kill();
        return;
    }
  }

  dispose(): void {
    for (const [id, terminal] of this.terminals) {
      if (terminal.batch.timer !== null) clearTimeout(terminal.batch.timer);
      try {
        terminal.pty.kill();
      } catch {
        // already gone
      }
      this.terminals.delete(id);
    }
  }

  private spawn(spec: PtySpawn): void {
    let process: pty.IPty;
    try {
      process = pty.spawn(spec.file, spec.args, { name: 'xterm-256color', cols: spec.cols, rows: spec.rows, cwd: spec.cwd, env: spec.env });
    } catch (error) {
      this.send({ type: 'error', id: spec.id, message: (error as Error).message });
      return;
    }
    const batch: Batch = { parts: [], chars: 0, timer: null };
    this.terminals.set(spec.id, { pty: process, batch });
    process.onData((data) => {
      batch.parts.push(data);
      batch.chars += data.length;
      if (batch.chars >= BATCH_CHARS) this.flush(spec.id);
      else batch.timer ??= setTimeout(() => this.flush(spec.id), BATCH_MS);
    });
    process.onExit(({ exitCode, signal }) => {
      this.flush(spec.id);
      this.terminals.delete(spec.id);
      this.send({ type: 'exit', id: spec.id, code: exitCode, signal: signal ?? null });
    });
    this.send({ type: 'spawned', id: spec.id, pid: process.pid });
  }

  private flush(id: string): void {
    const terminal = this.terminals.get(id);
    if (terminal === undefined) return;
    const { batch } = terminal;
    if (batch.timer !== null) clearTimeout(batch.timer);
    batch.timer = null;
    if (batch.chars === 0) return;
    const data = batch.parts.length === 1 ? (batch.parts[0] as string) : batch.parts.join('');
    batch.parts = [];
    batch.chars = 0;
    this.send({ type: 'data', id, data });
  }
}

/** The host in this very process: headless server, CLI and tests. */
export function inProcessPtyBackend(): PtyBackend {
  const listeners = new Set<(message: FromPtyHost) => void>();
  const host = new PtyHost((message) => {
    for (const listener of [...listeners]) listener(message);
  });
  return {
    send: (message) => host.handle(message),
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => host.dispose(),
  };
}
