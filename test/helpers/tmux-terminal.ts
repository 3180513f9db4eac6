import { privateTmux } from './tmux-server';

/** How a terminal's program ended: its exit code, or the signal that ended it. */
export type TerminalExit = { code: number; signal: null } | { code: null; signal: number };

/**
 * A real terminal for a command-line program: one pane of a private tmux server, kept after the
 * program ends (remain-on-exit, set before the program starts, so a quick exit is never lost).
 */
export function tmuxTerminal(name: string, width: number, height: number) {
  const { tmux } = privateTmux();
  let line = '';
  const open = (argv: readonly string[]): void => {
    line = argv.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
    tmux('new-session', '-d', '-x', String(width), '-y', String(height), '-s', name, 'tail -f /dev/null');
    tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    tmux('respawn-pane', '-k', '-t', name, line);
  };
  /** The same program again in the same pane (a new session of it). */
  const reopen = (): void => void tmux('respawn-pane', '-k', '-t', name, line);
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-t', name);
  const read = (): string[] => tmux('display-message', '-p', '-t', name, '#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}').trim().split('|');
  /**
   * How the program ended, or undefined while it runs. tmux 3.3a now and then misses a SIGCHLD
   * and shows the pane dead with no cause, the process a zombie until another child of the
   * server ends: a `run-shell true` makes it reap (as the engine's tmux runner does).
   */
  const exited = (): TerminalExit | undefined => {
    const first = read();
    if (first[0] !== '1') return undefined;
    const causeKnown = first[1] !== '' || first[2] !== '';
    const [, status, signal] = causeKnown ? first : (tmux('run-shell', 'true'), read());
    if (status !== undefined && status !== '') return { code: Number(status), signal: null };
    if (signal !== undefined && signal !== '') return { code: null, signal: Number(signal) };
    return undefined;
  };
  return { tmux, open, reopen, screen, exited };
}
