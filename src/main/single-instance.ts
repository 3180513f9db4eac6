import type { App } from 'electron';

/**
 * One desktop app per user: two engines would share one database and double every
 * notification. Returns false when another instance holds the lock (it is told to focus and
 * this one should quit at once).
 */
export function claimSingleInstance(app: App, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', focusExisting);
  return true;
}
