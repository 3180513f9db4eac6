import os from 'node:os';
import type { TmuxPaneView, TmuxSessionView, TmuxWindowView } from '../../shared/types/sessions';

/**
 * `-F` formats for listing tmux by ids. Text fields go through `q:` (tmux escapes what a shell
 * would treat specially, and control characters are already shown as \t, \n...), fields are
 * separated by a tab, which a quoted field never contains; `unquote` undoes the escaping.
 */
const SEP = '\t';

export const sessionFormat = ['#{session_id}', '#{q:session_name}', '#{session_attached}', '#{session_created}', '#{q:session_group}'].join(SEP);

export const paneFormat = [
  '#{session_id}',
  '#{window_id}',
  '#{window_index}',
  '#{q:window_name}',
  '#{window_active}',
  '#{window_layout}',
  '#{pane_id}',
  '#{pane_index}',
  '#{pane_active}',
  '#{pane_pid}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{q:pane_current_command}',
  '#{q:pane_current_path}',
  '#{pane_width}',
  '#{pane_height}',
  '#{q:pane_title}',
  '#{pane_dead_signal}',
].join(SEP);

export function unquote(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}

const int = (text: string | undefined): number => Number.parseInt(text ?? '', 10);
const intOrNull = (text: string | undefined): number | null => (text === undefined || text === '' ? null : int(text));

/** Builds the session → window → pane tree from `list-sessions` and `list-panes -a` output. */
export function parseTree(sessionLines: string, paneLines: string): TmuxSessionView[] {
  const sessions = new Map<string, TmuxSessionView>();
  for (const line of sessionLines.split('\n')) {
    if (line === '') continue;
    const [id, name, attached, created, group] = line.split(SEP);
    if (id === undefined) continue;
    sessions.set(id, {
      id,
      name: unquote(name ?? ''),
      attached: int(attached),
      createdAt: int(created) * 1000,
      group: group === undefined || group === '' ? null : unquote(group),
      windows: [],
    });
  }
  const windows = new Map<string, TmuxWindowView>();
  for (const line of paneLines.split('\n')) {
    if (line === '') continue;
    const f = line.split(SEP);
    const session = sessions.get(f[0] ?? '');
    if (session === undefined) continue;
    const windowKey = `${f[0]}/${f[1]}`;
    let window = windows.get(windowKey);
    if (window === undefined) {
      window = { id: f[1] ?? '', index: int(f[2]), name: unquote(f[3] ?? ''), active: f[4] === '1', layout: f[5] ?? '', panes: [] };
      windows.set(windowKey, window);
      session.windows.push(window);
    }
    const pane: TmuxPaneView = {
      id: f[6] ?? '',
      index: int(f[7]),
      active: f[8] === '1',
      pid: intOrNull(f[9]),
      dead: f[10] === '1',
      deadStatus: intOrNull(f[11]),
      command: unquote(f[12] ?? ''),
      path: unquote(f[13] ?? ''),
      width: int(f[14]),
      height: int(f[15]),
      title: unquote(f[16] ?? ''),
      deadSignal: intOrNull(f[17]),
    };
    window.panes.push(pane);
  }
  for (const session of sessions.values()) {
    session.windows.sort((a, b) => a.index - b.index);
    for (const window of session.windows) window.panes.sort((a, b) => a.index - b.index);
  }
  return [...sessions.values()];
}

/**
 * An argument as tmux's command parser must see it to stay literal: a trailing ";" would end
 * the command. (No shell is involved; argv goes to tmux as it is.)
 */
export function tmuxArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** "-c" is expanded as a format: "#" must be doubled to stay literal. */
export function literalFormat(text: string): string {
  return text.replaceAll('#', '##');
}

/** Single-quoted for /bin/sh (tmux runs pipe-pane's command through it); only for paths we make. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * tmux runs a command given as one argument through the shell, and as several directly. A
 * one-word argv is passed as $0 to a fixed `exec "$0"`, so nothing of it is ever shell syntax.
 */
export function paneArgv(argv: readonly string[]): string[] {
  return argv.length === 1 ? ['/bin/sh', '-c', 'exec "$0"', argv[0] as string] : [...argv];
}

/** 9 -> "SIGKILL". */
export function signalName(signal: number | null): string | null {
  if (signal === null) return null;
  return Object.entries(os.constants.signals).find(([, number]) => number === signal)?.[0] ?? `signal ${signal}`;
}
