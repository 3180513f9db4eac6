import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Knows the moment a tmux pane's process ends, without polling and without tmux. tmux's
 * pane-died hook is the usual signal, but tmux 3.3a skips it now and then (measured: 4 deaths
 * of 150 SIGKILLs in a row fired no hook: tmux had missed the SIGCHLD and left the process a
 * zombie until another child of the server ended; tmux-runner.ts makes it reap). So
 * the pane's command holds the write end of a FIFO that Zervigo reads: `exec 9>fifo`, a byte to
 * say it holds it, then `exec` of the service. When the process ends, the kernel closes its
 * end and the reader sees end-of-file at once. The FIFO is unlinked as soon as it is held.
 *
 * Until the byte arrives Zervigo keeps a write end open itself, so the read end does not see
 * end-of-file before the pane has opened its own; the read end stays open for the pane's whole
 * life, so the pane's open never blocks. A pipe that cannot be opened is skipped (the service
 * runs anyway). A child the service forks inherits fd 9 too, so the end is seen when the last
 * of them goes; tmux's hook and the pid check cover the leader.
 */
export class PaneExitPipe {
  private readonly socket: net.Socket;
  private keeper: number | null;
  private held = false;
  private closed = false;

  private constructor(
    readonly file: string,
    readFd: number,
    keeper: number,
    private readonly onExit: () => void,
  ) {
    this.keeper = keeper;
    this.socket = new net.Socket({ fd: readFd, readable: true, writable: false });
    this.socket.on('data', () => this.onHeld());
    this.socket.once('end', () => {
      if (this.held && !this.closed) this.onExit();
      this.close();
    });
    this.socket.once('error', () => this.close());
  }

  /** A pipe in `dir`, or null where no FIFO can be made there (hooks and the pid check remain). */
  static create(dir: string, onExit: () => void): PaneExitPipe | null {
    const file = path.join(dir, `.pane-${process.pid}-${crypto.randomBytes(6).toString('hex')}.exit`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      if (spawnSync('mkfifo', ['-m', '600', file], { stdio: 'ignore' }).status !== 0) return null;
      const readFd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const keeper = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      return new PaneExitPipe(file, readFd, keeper, onExit);
    } catch {
      fs.rmSync(file, { force: true });
      return null;
    }
  }

  /**
   * The pane's command: takes the write end as fd 9 (`command exec` in braces, so a failure
   * neither ends the shell nor silences the service's stderr), says so, then becomes the service.
   */
  wrap(argv: readonly string[]): string[] {
    return ['/bin/sh', '-c', '{ command exec 9>"$0"; } 2>/dev/null && printf x >&9; exec "$@"', this.file, ...argv];
  }

  /** When the pane's handle has ended (or its start failed): nothing more to hear. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseKeeper();
    this.socket.destroy();
  }

  private onHeld(): void {
    if (this.held) return;
    this.held = true;
    // From now on only the pane holds a write end: its end-of-file is the process's end.
    this.releaseKeeper();
  }

  private releaseKeeper(): void {
    if (this.keeper !== null) fs.closeSync(this.keeper);
    this.keeper = null;
    fs.rmSync(this.file, { force: true });
  }
}
