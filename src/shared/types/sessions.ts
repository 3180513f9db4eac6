/** tmux as the console shows it: sessions, windows and panes by their ids. */
export interface TmuxPaneView {
  id: string; // %3
  index: number;
  active: boolean;
  pid: number | null;
  dead: boolean;
  deadStatus: number | null;
  deadSignal: number | null;
  command: string;
  path: string;
  width: number;
  height: number;
  title: string;
}

export interface TmuxWindowView {
  id: string; // @2
  index: number;
  name: string;
  active: boolean;
  layout: string;
  panes: TmuxPaneView[];
}

export interface TmuxSessionView {
  id: string; // $1
  name: string;
  attached: number;
  createdAt: number;
  /** The session this one is grouped with (terminal views), or null. */
  group: string | null;
  windows: TmuxWindowView[];
}

export interface TmuxServerView {
  /** The -L socket name, or null for the default server. */
  socket: string | null;
  /** False when tmux is not installed; `message` says so. */
  available: boolean;
  running: boolean;
  message: string | null;
  sessions: TmuxSessionView[];
  /** Names of the workspace's layouts (tmux.layouts), for "create session". */
  layouts: string[];
  /** How to attach from a shell, e.g. "tmux -L zervigo attach -t shop". */
  attachHint: string;
}

export type TerminalTarget = { kind: 'tmux'; session: string; window?: string } | { kind: 'shell'; cwd?: string };

export interface TerminalInfo {
  id: string;
  title: string;
  target: TerminalTarget;
  cols: number;
  rows: number;
  exited: { code: number | null; signal: number | null } | null;
}

export interface TerminalOutput {
  id: string;
  /** Increases by one per batch, so a client can tell it missed one. */
  seq: number;
  data: string;
}

/** A new terminal's size until its view measures itself (the renderer resizes it at once). */
export const DEFAULT_TERMINAL_SIZE = { cols: 100, rows: 30 } as const;
