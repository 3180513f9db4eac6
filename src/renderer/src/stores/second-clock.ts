import { useSyncExternalStore } from 'react';

/**
 * A clock that ticks every second while something on screen counts seconds (an uptime), and
 * not at all otherwise. Only the components that read it re-render, never their page.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of [...listeners]) notify();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useSecondClock(): number {
  return useSyncExternalStore(subscribe, () => now);
}
