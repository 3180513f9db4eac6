import { pauseState } from './notification-pause';

export interface NotificationGateOptions {
  now: () => number;
  /** settings.notificationsPausedUntil, read at each decision. */
  pausedUntil: () => number | null;
  /** At most one notification per key in this time. */
  minIntervalMs?: number;
}

/**
 * Decides whether a notice may be shown: nothing while notifications are paused, and at most
 * one per event name every ten seconds so a flapping service cannot flood the desktop.
 */
export class NotificationGate {
  private readonly lastShown = new Map<string, number>();
  private readonly minIntervalMs: number;

  constructor(private readonly options: NotificationGateOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 10_000;
  }

  allow(key: string): boolean {
    const now = this.options.now();
    if (pauseState({ notificationsPausedUntil: this.options.pausedUntil() }, now).paused) return false;
    const last = this.lastShown.get(key);
    if (last !== undefined && now - last < this.minIntervalMs) return false;
    this.lastShown.set(key, now);
    return true;
  }
}
