import type { ITheme } from '@xterm/xterm';
import { create } from 'zustand';
import { DEFAULT_TERMINAL_SIZE, type TerminalInfo, type TerminalTarget } from '../../../../shared/types/sessions';
import type { RendererBridge } from '../../bridge/renderer-bridge';
import { LiveTerminal } from './live-terminal';

/** A tab holds one terminal, or two side by side / stacked. */
export interface TerminalTab {
  key: string;
  panes: string[];
  split: 'horizontal' | 'vertical';
}

interface TerminalsState {
  tabs: TerminalTab[];
  active: string | null;
  /** Each terminal's info (title, exit), for the tab strip. */
  infos: Record<string, TerminalInfo>;
  focused: string | null;
}

export const useTerminalsStore = create<TerminalsState>()(() => ({ tabs: [], active: null, infos: {}, focused: null }));

/** The xterm views, outside React state: they are big, mutable and live as long as the page's tabs. */
const live = new Map<string, LiveTerminal>();
let stopStreams: (() => void) | null = null;
let theme: ITheme | undefined;

export function liveTerminal(id: string): LiveTerminal | undefined {
  return live.get(id);
}

/** One subscription for all terminals' output, routed by id; dropped when the last terminal goes. */
function ensureStreams(bridge: RendererBridge): void {
  if (stopStreams !== null) return;
  const offOutput = bridge.subscribe('terminal.output', (output) => live.get(output.id)?.write(output));
  const offExited = bridge.subscribe('terminal.exited', (info) => {
    live.get(info.id)?.markExited(info);
    useTerminalsStore.setState((state) => ({ infos: { ...state.infos, [info.id]: info } }));
  });
  stopStreams = () => {
    offOutput();
    offExited();
  };
}

export function setTerminalTheme(next: ITheme): void {
  theme = next;
  for (const terminal of live.values()) terminal.setTheme(next);
}

/** Opens a terminal in a new tab, or split into the active tab. */
export async function openTerminal(
  bridge: RendererBridge,
  target: TerminalTarget,
  options: { splitInto?: string; direction?: 'horizontal' | 'vertical' } = {},
): Promise<string> {
  ensureStreams(bridge);
  const info = await bridge.invoke('terminal.open', { target, ...DEFAULT_TERMINAL_SIZE });
  live.set(info.id, new LiveTerminal(bridge, info, theme ?? {}));
  useTerminalsStore.setState((state) => {
    const infos = { ...state.infos, [info.id]: info };
    const into = options.splitInto === undefined ? undefined : state.tabs.find((tab) => tab.key === options.splitInto);
    if (into !== undefined && into.panes.length === 1) {
      const tabs = state.tabs.map((tab) => (tab.key === into.key ? { ...tab, panes: [...tab.panes, info.id], split: options.direction ?? 'horizontal' } : tab));
      return { tabs, infos, active: into.key, focused: info.id };
    }
    return { tabs: [...state.tabs, { key: info.id, panes: [info.id], split: 'horizontal' }], infos, active: info.id, focused: info.id };
  });
  return info.id;
}

/** Closes one terminal (its pane, or its tab when it was alone there). */
export function closeTerminal(id: string): void {
  live.get(id)?.dispose();
  live.delete(id);
  useTerminalsStore.setState((state) => {
    const tabs = state.tabs.map((tab) => ({ ...tab, panes: tab.panes.filter((pane) => pane !== id) })).filter((tab) => tab.panes.length > 0);
    const infos = { ...state.infos };
    delete infos[id];
    const active = tabs.some((tab) => tab.key === state.active) ? state.active : (tabs.at(-1)?.key ?? null);
    return { tabs, infos, active, focused: state.focused === id ? null : state.focused };
  });
  if (live.size === 0 && stopStreams !== null) {
    stopStreams();
    stopStreams = null;
  }
}

export function closeTab(key: string): void {
  const tab = useTerminalsStore.getState().tabs.find((entry) => entry.key === key);
  for (const id of tab?.panes ?? []) closeTerminal(id);
}

export function selectTab(key: string): void {
  useTerminalsStore.setState({ active: key });
}

export function focusTerminal(id: string): void {
  useTerminalsStore.setState({ focused: id });
}

/** The tab showing this tmux window, if one is open. */
export function tabShowing(session: string, window: string | undefined): string | null {
  const { tabs, infos } = useTerminalsStore.getState();
  for (const tab of tabs) {
    for (const id of tab.panes) {
      const target = infos[id]?.target;
      if (target?.kind === 'tmux' && target.session === session && target.window === window && infos[id]?.exited === null) return tab.key;
    }
  }
  return null;
}
