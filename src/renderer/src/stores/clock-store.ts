import { create } from 'zustand';

/** One shared "now" for every relative time on screen, ticking every few seconds. */
const TICK_MS = 5_000;

interface ClockState {
  now: number;
}

export const useClockStore = create<ClockState>()(() => ({ now: Date.now() }));

/** Starts the tick; returns the function that stops it. */
export function startClock(): () => void {
  useClockStore.setState({ now: Date.now() });
  const timer = setInterval(() => useClockStore.setState({ now: Date.now() }), TICK_MS);
  return () => clearInterval(timer);
}

export function useNow(): number {
  return useClockStore((state) => state.now);
}
