import crypto from 'node:crypto';
import type { TerminalInfo, TerminalOutput, TerminalTarget } from '../../shared/types/sessions';
import { ZervigoError } from '../../shared/errors';
import type { FromPtyHost, PtyBackend } from './pty-protocol';
import { tmuxEnv, type TmuxClient } from './tmux-client';

/**
 * Flow control as in xterm.js's guide: the client acknowledges what it has rendered; with more
 * than HIGH unacknowledged characters the pty is paused, below LOW it resumes. What is in
 * flight per terminal is bounded, however fast the program writes.
 */
export const HIGH_WATERMARK = 4 * 1024 * 1024;
export const LOW_WATERMARK = 1024 * 1024;
/** A terminal paused this long with no acknowledgement has lost its client: closed. */
export const ABANDONED_MS = 120_000;

interface Terminal {
  info: TerminalInfo;
  seq: number;
  sent: number;
  acked: number;
  paused: boolean;
  pausedAt: number;
  /** The grouped tmux session made for this view, removed with it. */
  viewSession: string | null;
}

export interface TerminalManagerDeps {
  backend: PtyBackend;
  tmux: () => TmuxClient;
  cwd: () => string;
  emitOutput(output: TerminalOutput): void;
  emitExited(info: TerminalInfo): void;
  now?: () => number;
}

/**
 * Embedded terminals: a pty attached to a tmux session (through a grouped session of its own, so
 * each view picks its window without moving the others) or running a shell. Output goes out as
 * `terminal.output` events, in batches from the host, under ack-based flow control.
 */
export class TerminalManager {
  private readonly terminals = new Map<string, Terminal>();
  private readonly stopListening: () => void;
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly deps: TerminalManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.stopListening = deps.backend.onMessage((message) => this.onHost(message));
    this.sweeper = setInterval(() => this.closeAbandoned(), 30_000);
    this.sweeper.unref();
  }

  list(): TerminalInfo[] {
    return [...this.terminals.values()].map((terminal) => terminal.info);
  }

  open(target: TerminalTarget, cols: number, rows: number): TerminalInfo {
    const id = `t${crypto.randomBytes(6).toString('hex')}`;
    let file: string;
    let args: string[];
    let title: string;
    let viewSession: string | null = null;
    const env = { ...(tmuxEnv() as Record<string, string>), TERM: 'xterm-256color', COLORTERM: 'truecolor' };
    if (target.kind === 'tmux') {
      const tmux = this.deps.tmux();
      viewSession = `${target.session}-view-${id.slice(1, 7)}`;
      file = tmux.binary;
      args = [...tmux.serverArgs(), 'new-session', '-t', `=${target.session}`, '-s', viewSession, ';', 'set-option', 'destroy-unattached', 'on'];
      if (target.window !== undefined) args.push(';', 'select-window', '-t', `:=${target.window}`);
      title = target.window === undefined ? target.session : `${target.session}:${target.window}`;
    } else {
      file = process.env.SHELL ?? '/bin/sh';
      args = [];
      title = 'shell';
    }
    const info: TerminalInfo = { id, title, target, cols, rows, exited: null };
    this.terminals.set(id, { info, seq: 0, sent: 0, acked: 0, paused: false, pausedAt: 0, viewSession });
    this.deps.backend.send({
      type: 'spawn',
      spawn: { id, file, args, cwd: target.kind === 'shell' ? (target.cwd ?? this.deps.cwd()) : this.deps.cwd(), env, cols, rows },
    });
    return info;
  }

  input(id: string, data: string): void {
    this.live(id);
    this.deps.backend.send({ type: 'write', id, data });
  }

  resize(id: string, cols: number, rows: number): void {
    const terminal = this.live(id);
    terminal.info = { ...terminal.info, cols, rows };
    this.deps.backend.send({ type: 'resize', id, cols, rows });
  }

  ack(id: string, chars: number): void {
    const terminal = this.terminals.get(id);
    if (terminal === undefined) return;
    terminal.acked = Math.min(terminal.sent, terminal.acked + chars);
    if (terminal.paused && terminal.sent - terminal.acked <= LOW_WATERMARK) {
      terminal.paused = false;
      this.deps.backend.send({ type: 'resume', id });
    }
  }

  close(id: string): void {
    const terminal = this.terminals.get(id);
    if (terminal === undefined) return;
    this.deps.backend.send({ type: 'kill', id });
  }

  dispose(): void {
    clearInterval(this.sweeper);
    this.stopListening();
    for (const id of this.terminals.keys()) this.deps.backend.send({ type: 'kill', id });
    this.terminals.clear();
  }

  /** Unacknowledged characters of a terminal (for tests and diagnostics). */
  inFlight(id: string): number {
    const terminal = this.terminals.get(id);
    return terminal === undefined ? 0 : terminal.sent - terminal.acked;
  }

  private live(id: string): Terminal {
    const terminal = this.terminals.get(id);
    if (terminal === undefined || terminal.info.exited !== null) throw new ZervigoError('not_found', `no open terminal ${id}`);
    return terminal;
  }

  private onHost(message: FromPtyHost): void {
    const terminal = this.terminals.get(message.id);
    if (terminal === undefined) return;
    switch (message.type) {
      case 'spawned':
        return;
      case 'data': {
        terminal.seq += 1;
        terminal.sent += message.data.length;
        this.deps.emitOutput({ id: message.id, seq: terminal.seq, data: message.data });
        if (!terminal.paused && terminal.sent - terminal.acked > HIGH_WATERMARK) {
          terminal.paused = true;
          terminal.pausedAt = this.now();
          this.deps.backend.send({ type: 'pause', id: message.id });
        }
        return;
      }
      case 'error':
      case 'exit': {
        terminal.info = { ...terminal.info, exited: message.type === 'exit' ? { code: message.code, signal: message.signal } : { code: null, signal: null } };
        this.terminals.delete(message.id);
        this.deps.emitExited(terminal.info);
        if (terminal.viewSession !== null)
          void this.deps
            .tmux()
            .run(['kill-session', '-t', `=${terminal.viewSession}`])
            .catch(() => undefined);
        return;
      }
    }
  }

  private closeAbandoned(): void {
    const now = this.now();
    for (const [id, terminal] of this.terminals) if (terminal.paused && now - terminal.pausedAt > ABANDONED_MS) this.close(id);
  }
}
