import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { TerminalInfo, TerminalOutput } from '../../../../shared/types/sessions';
import type { RendererBridge } from '../../bridge/renderer-bridge';

/** Characters rendered before an acknowledgement is sent (xterm.js flow-control guide). */
export const ACK_EVERY = 512 * 1024;

const MONO = '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace';

/**
 * One embedded terminal in the page: an xterm.js view on a pty in the engine. Output is written
 * and acknowledged once rendered, so the engine pauses the pty when this view falls behind.
 * The view outlives the page: its element moves into whichever container shows it.
 */
export class LiveTerminal {
  readonly term: Terminal;
  readonly search = new SearchAddon();
  readonly host: HTMLDivElement;
  private readonly fit = new FitAddon();
  private opened = false;
  private rendered = 0;
  private acknowledged = 0;
  private lastSeq = 0;
  /** Keys typed while the previous ones are still on their way: sent next, in one piece, in order. */
  private unsent = '';
  private sending = false;

  constructor(
    private readonly bridge: RendererBridge,
    public info: TerminalInfo,
    theme: ITheme,
  ) {
    this.term = new Terminal({ fontFamily: MONO, fontSize: 13, cursorBlink: true, scrollback: 10_000, theme, allowProposedApi: true });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.term.onData((data) => {
      if (this.info.exited !== null) return;
      this.unsent += data;
      void this.sendInput();
    });
    this.host = document.createElement('div');
    this.host.className = 'zervigo-terminal';
    this.host.dataset.terminal = info.id;
    this.host.style.width = '100%';
    this.host.style.height = '100%';
  }

  get id(): string {
    return this.info.id;
  }

  /** Output from the engine; a gap in the numbering is shown rather than hidden. */
  write(output: TerminalOutput): void {
    if (this.lastSeq !== 0 && output.seq !== this.lastSeq + 1) this.term.write('\r\n\x1b[33m[some output was missed while the connection was down]\x1b[0m\r\n');
    this.lastSeq = output.seq;
    const length = output.data.length;
    this.term.write(output.data, () => {
      this.rendered += length;
      if (this.rendered - this.acknowledged >= ACK_EVERY) this.acknowledge();
    });
  }

  /** Shows the terminal inside a container of the page (opening it the first time). */
  attach(container: HTMLElement): void {
    if (this.host.parentElement !== container) container.appendChild(this.host);
    if (!this.opened) {
      this.term.open(this.host);
      this.opened = true;
    }
    this.fitToContainer();
  }

  /** Fits rows and columns to the container and tells the pty. */
  fitToContainer(): void {
    if (!this.opened || this.host.clientWidth === 0) return;
    const proposed = this.fit.proposeDimensions();
    if (proposed === undefined || Number.isNaN(proposed.cols) || Number.isNaN(proposed.rows)) return;
    const cols = Math.max(2, proposed.cols);
    const rows = Math.max(1, proposed.rows);
    if (cols === this.term.cols && rows === this.term.rows) return;
    this.term.resize(cols, rows);
    if (this.info.exited === null) void this.bridge.invoke('terminal.resize', { id: this.info.id, cols, rows }).catch(() => undefined);
  }

  setTheme(theme: ITheme): void {
    this.term.options.theme = theme;
  }

  markExited(info: TerminalInfo): void {
    this.info = info;
    const how = info.exited?.code !== null && info.exited?.code !== undefined ? `exit code ${info.exited.code}` : 'ended';
    this.term.write(`\r\n\x1b[2m[process ${how}]\x1b[0m\r\n`);
  }

  focus(): void {
    this.term.focus();
  }

  dispose(): void {
    if (this.info.exited === null) void this.bridge.invoke('terminal.close', { id: this.info.id }).catch(() => undefined);
    this.term.dispose();
    this.host.remove();
  }

  /** One request at a time: concurrent requests could arrive out of order and scramble what was typed. */
  private async sendInput(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.unsent !== '' && this.info.exited === null) {
        const data = this.unsent;
        this.unsent = '';
        await this.bridge.invoke('terminal.input', { id: this.info.id, data }).catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }

  private acknowledge(): void {
    const chars = this.rendered - this.acknowledged;
    this.acknowledged = this.rendered;
    if (this.info.exited === null) void this.bridge.invoke('terminal.ack', { id: this.info.id, chars }).catch(() => undefined);
  }
}
