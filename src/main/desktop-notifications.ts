import type { EventBus } from '../core/event-bus';
import type { Settings } from '../shared/types/settings';
import { NotificationGate } from './notification-gate';
import { defaultNoticeRules, type Notice, type NoticeRules } from './notification-rules';

export interface DesktopNotificationsDeps {
  bus: Pick<EventBus, 'onAny'>;
  settings: { get(): Settings };
  /** Shows one notice on the OS (os-notification.ts in the app, a recorder in tests). */
  show: (notice: Notice) => void;
  rules?: NoticeRules;
  now?: () => number;
  minIntervalMs?: number;
}

/**
 * Engine events -> desktop notifications. Every event passes its rule first (rules keep state,
 * e.g. the last health level), then the gate (pause, one per event name per 10 s).
 */
export function startDesktopNotifications(deps: DesktopNotificationsDeps): () => void {
  const rules = deps.rules ?? defaultNoticeRules();
  const gate = new NotificationGate({
    now: deps.now ?? Date.now,
    pausedUntil: () => deps.settings.get().notificationsPausedUntil,
    minIntervalMs: deps.minIntervalMs,
  });
  return deps.bus.onAny((name, payload) => {
    // The bus hands out (name, payload) pairs; each rule is typed for its own event's payload.
    const rule = rules[name] as ((payload: unknown) => Notice | null) | undefined;
    const notice = rule?.(payload) ?? null;
    if (notice === null || !gate.allow(notice.gateKey ?? name)) return;
    const { gateKey: _gateKey, ...shown } = notice;
    deps.show(shown);
  });
}
