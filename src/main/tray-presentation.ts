import type { MenuItemConstructorOptions } from 'electron';
import type { HealthLevel, HealthSummary } from '../shared/types/app';
import type { AutomationState } from '../shared/types/jobs';
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

/** "Automation paused by ana since 14:02", or null while it runs (or before it is known). */
export function automationLine(automation: AutomationState | null, formatTime: (ms: number) => string): string | null {
  if (automation === null || !automation.paused) return null;
  return `Automation paused${automation.by === null ? '' : ` by ${automation.by}`}${automation.since === null ? '' : ` since ${formatTime(automation.since)}`}`;
}

/** What the tray shows: the worst state as the icon colour (UI.md), counts in words beside it. */
export function trayView(
  health: HealthSummary | null,
  pause: PauseState,
  formatTime: (ms: number) => string,
  automation: AutomationState | null = null,
): TrayView {
  const level = health?.level ?? 'unknown';
  const lines = [`Zervigo: ${levelWords[level]}`, healthLine(health), pauseLine(pause, formatTime), automationLine(automation, formatTime)].filter(
    (line) => line !== null,
  );
  return { icon: level, tooltip: lines.join('\n'), title: health !== null && health.firing > 0 ? String(health.firing) : '' };
}

export interface TrayActions {
  open(): void;
  pauseForAnHour(): void;
  pauseUntilResumed(): void;
  resume(): void;
  /** The global automation switch (jobs, rule actions, deploys by poll or webhook); crash healing goes on. */
  setAutomationPaused(paused: boolean): void;
  quit(): void;
}

export function trayMenuTemplate(
  health: HealthSummary | null,
  pause: PauseState,
  formatTime: (ms: number) => string,
  actions: TrayActions,
  automation: AutomationState | null = null,
): MenuItemConstructorOptions[] {
  const paused = pauseLine(pause, formatTime);
  const held = automationLine(automation, formatTime);
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
    ...(held === null ? [] : [{ label: held, enabled: false }]),
    // Unknown (the engine not answering yet): neither offered, rather than a guess.
    automation?.paused === true
      ? { label: 'Resume automation', click: () => actions.setAutomationPaused(false) }
      : { label: 'Pause automation', enabled: automation !== null, click: () => actions.setAutomationPaused(true) },
    { type: 'separator' },
    { label: 'Quit Zervigo', click: () => actions.quit() },
  ];
}
