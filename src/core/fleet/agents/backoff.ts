/** Reconnect delays: 0.5 s doubling to 30 s, with ±20 % jitter so twenty agents lost at once do not retry in step. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** Math.min(attempt, 16), 30_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
