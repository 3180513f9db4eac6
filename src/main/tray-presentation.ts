import type { MenuItemConstructorOptions } from 'electron';
import type { HealthLevel, HealthSummary } from '../shared/types/app';
import { healthLine } from './health-words';
import type { PauseState } from './notification-pause';

export interface TrayView {
  /** Which icon: resources/icons/tray-<level>.png. */
  icon: HealthLevel;
  tooltip: string;
  /** Shown next to the icon on macOS: the firing count, or nothing. */
  title: string;
}

const levelWords: Record<HealthLevel, string> = {
  ok: 'all healthy',
  warning: 'warning',
  critical: 'critical',
  unknown: 'no data yet',
};

export function pauseLine(pause: PauseState, formatTime: (ms: number) => string): string | null {
  if (!pause.paused) return null;
  return pause.until === 'resumed' ? 'Notifications paused until resumed' : `Notifications paused until ${formatTime(pause.until)}`;
}

/** What the tray shows: the worst state as the icon colour (UI.md), counts in words beside it. */
export function trayView(health: HealthSummary | null, pause: PauseState, formatTime: (ms: number) => string): TrayView {
  const level = health?.level ?? 'unknown';
  const lines = [`Zervigo: ${levelWords[level]}`, healthLine(health), pauseLine(pause, formatTime)].filter((line) => line !== null);
  return { icon: level, tooltip: lines.join('\n'), title: health !== null && health.firing > 0 ? String(health.firing) : '' };
}

export interface TrayActions {
  open(): void;
  pauseForAnHour(): void;
  pauseUntilResumed(): void;
  resume(): void;
  quit(): void;
}

export function trayMenuTemplate(
  health: HealthSummary | null,
  pause: PauseState,
  formatTime: (ms: number) => string,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const paused = pauseLine(pause, formatTime);
  return [
    { label: 'Open Zervigo', click: () => actions.open() },
    { type: 'separator' },
    { label: healthLine(health), enabled: false },
    ...(paused === null ? [] : [{ label: paused, enabled: false }]),
    { type: 'separator' },
    { label: 'Pause notifications for 1 hour', click: () => actions.pauseForAnHour() },
    { label: 'Pause until resumed', enabled: !(pause.paused && pause.until === 'resumed'), click: () => actions.pauseUntilResumed() },
    { label: 'Resume notifications', enabled: pause.paused, click: () => actions.resume() },
    { type: 'separator' },
    { label: 'Quit Zervigo', click: () => actions.quit() },
  ];
}
