import { notifications } from '@mantine/notifications';
import type { AlertView, SilenceMatcher } from '../../../../shared/types/alerts';
import type { RendererBridge } from '../../bridge/renderer-bridge';
import { messageOf } from '../../format/error-message';

/** Every label of the alert as an equality matcher: a silence for exactly this alert. */
export function matchersOf(alert: AlertView): SilenceMatcher[] {
  return Object.entries(alert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

function fail(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: messageOf(error) });
}

export async function acknowledge(bridge: RendererBridge, alert: AlertView): Promise<void> {
  try {
    await bridge.invoke('alerts.acknowledge', { fingerprint: alert.fingerprint, comment: '' });
    notifications.show({ color: 'green', title: `${alert.alertname} acknowledged`, message: 'No more reminders until it resolves.' });
  } catch (error) {
    fail(`Could not acknowledge ${alert.alertname}`, error);
  }
}

export async function unacknowledge(bridge: RendererBridge, alert: AlertView): Promise<void> {
  try {
    await bridge.invoke('alerts.unacknowledge', { fingerprint: alert.fingerprint });
    notifications.show({
      color: 'gray',
      title: `${alert.alertname}: acknowledgement taken back`,
      message: 'Reminders resume at the route\u2019s repeat interval.',
    });
  } catch (error) {
    fail(`Could not take back the acknowledgement of ${alert.alertname}`, error);
  }
}

/** One click: silences exactly this alert for a while. */
export async function quickSilence(bridge: RendererBridge, alert: AlertView, duration: string): Promise<void> {
  try {
    await bridge.invoke('silences.create', { matchers: matchersOf(alert), duration, comment: `silenced for ${duration} from the Alerts page` });
    notifications.show({
      color: 'gray',
      title: `${alert.alertname} silenced for ${duration}`,
      message: 'Shown as silenced and not notified; expire the silence on the Silences tab to end it early.',
    });
  } catch (error) {
    fail(`Could not silence ${alert.alertname}`, error);
  }
}
