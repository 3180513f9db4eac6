import { DeliveryError } from './notify/delivery-error';
import { notificationTitle, type AlertNotification } from './notify/notification';
import type { EscalationPort, NotifyModule } from './notify/notify-module';
import type { OnCallModule } from './oncall/oncall-module';

/**
 * Notify's door to on-call: an `oncall` channel hands its notification to the escalator (which
 * pages level 1 and starts the clock), and an acknowledgement stops the escalation. A page that
 * cannot start is a delivery failure the outbox retries.
 */
export function escalationPort(oncallPart: () => OnCallModule): EscalationPort {
  return {
    escalate: async (policy, notification) => {
      const outcome = oncallPart().escalator.escalate({
        policy,
        groupKey: notification.groupKey,
        title: notificationTitle({ ...notification, reminder: false }),
        status: notification.status,
        fingerprints: notification.alerts.filter((alert) => alert.status === 'firing').map((alert) => alert.fingerprint),
        notification,
      });
      if (!outcome.ok) throw new DeliveryError(outcome.message, true);
      return outcome.detail;
    },
    acknowledged: (fingerprint) => oncallPart().escalator.acknowledged(fingerprint),
  };
}

/** On-call pages a person through notify's outbox (retried, in the delivery log); the notification it kept is the one notify handed it. */
export function pageThrough(notify: NotifyModule): ConstructorParameters<typeof OnCallModule>[0]['page'] {
  return (page, notification) => notify.page(page, notification as AlertNotification);
}
