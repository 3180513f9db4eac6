export const FIRST_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 10_000;

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s for every later attempt (attempt counts from 0). */
export function reconnectDelay(attempt: number): number {
  const delay = FIRST_RECONNECT_DELAY_MS * 2 ** Math.max(0, Math.min(attempt, 20));
  return Math.min(delay, MAX_RECONNECT_DELAY_MS);
}
