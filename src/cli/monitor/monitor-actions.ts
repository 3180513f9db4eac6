import type { AlertView } from '../../shared/types/alerts';
import type { OperationResult } from '../../shared/types/operate';
import type { ServerClient } from '../server-client';

/** What the monitor's keys do, each one contract command through the server; the answer is a line for the footer. */
export interface MonitorActions {
  restart(service: string): Promise<string>;
  silence(matchers: Record<string, string>, duration: string): Promise<string>;
  acknowledge(alerts: readonly AlertView[]): Promise<string>;
}

export function monitorActions(client: ServerClient): MonitorActions {
  return {
    async restart(service) {
      // The operator confirmed at the terminal (naming the environment): that is the confirmation.
      const result = await client.call<OperationResult>('POST', '/services/restart', { services: [service], confirm: true });
      const failed = result.services.filter((entry) => entry.outcome === 'failed' || entry.outcome === 'blocked');
      return result.ok
        ? `restarted ${service} in ${(result.durationMs / 1000).toFixed(1)} s`
        : `restart of ${service} failed: ${failed.map((entry) => entry.message).join('; ')}`;
    },
    async silence(matchers, duration) {
      await client.call('POST', '/silences', {
        matchers: Object.entries(matchers).map(([name, value]) => ({ name, value })),
        duration,
        comment: 'silenced from zervigo monitor',
      });
      return `silenced ${Object.entries(matchers)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ')} for ${duration}`;
    },
    async acknowledge(alerts) {
      for (const alert of alerts) await client.call('POST', `/alerts/${alert.fingerprint}/ack`, { comment: 'acknowledged from zervigo monitor' });
      return alerts.length === 0 ? 'no firing alert to acknowledge' : `acknowledged ${alerts.map((alert) => alert.alertname).join(', ')}`;
    },
  };
}
