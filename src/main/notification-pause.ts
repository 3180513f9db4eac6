import type { Settings } from '../shared/types/settings';

/** The largest time a Date can hold: "paused until resumed" needs no separate flag in settings. */
export const PAUSED_UNTIL_RESUMED = 8.64e15;
export const ONE_HOUR_MS = 60 * 60 * 1000;

export type PauseState = { paused: false } | { paused: true; until: number | 'resumed' };

export function pauseState(settings: Pick<Settings, 'notificationsPausedUntil'>, now: number): PauseState {
  const until = settings.notificationsPausedUntil;
  if (until === null || until <= now) return { paused: false };
  return { paused: true, until: until >= PAUSED_UNTIL_RESUMED ? 'resumed' : until };
}
