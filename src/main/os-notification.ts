import { Notification } from 'electron';
import type { Notice } from './notification-rules';

/** Shown notifications are kept referenced: a collected one loses its click handler. */
const showing = new Set<Notification>();

export function showOsNotification(notice: Notice, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body, urgency: notice.urgency ?? 'normal' });
  const forget = (): void => void showing.delete(notification);
  notification.on('click', () => {
    forget();
    onClick();
  });
  notification.on('close', forget);
  showing.add(notification);
  // Some platforms never report 'close' for notifications that time out.
  setTimeout(forget, 10 * 60_000).unref();
  notification.show();
}
