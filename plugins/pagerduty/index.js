'use strict';
/**
 * PagerDuty Events API v2: a firing group triggers an alert and its resolution resolves it, both
 * under one dedup_key (POST {api_url}/v2/enqueue). Runs in a process of its own under Zervigo.
 */
const crypto = require('node:crypto');

/** The group's key names the PagerDuty alert; one longer than the 255 characters PagerDuty takes is hashed. */
function dedupKey(notification) {
  const key = `zervigo/${notification.groupKey}`;
  return key.length <= 255 ? key : `zervigo/${crypto.createHash('sha256').update(notification.groupKey).digest('hex')}`;
}

const SEVERITIES = { critical: 'critical', warning: 'warning', info: 'info' };

module.exports = {
  channels: {
    pagerduty: {
      async send(options, notification, { postJson }) {
        const url = `${(options.api_url ?? 'https://events.pagerduty.com').replace(/\/+$/, '')}/v2/enqueue`;
        const dedup_key = dedupKey(notification);
        if (notification.status === 'resolved') {
          return postJson(url, { routing_key: options.routing_key, event_action: 'resolve', dedup_key });
        }
        const event = {
          routing_key: options.routing_key,
          event_action: 'trigger',
          dedup_key,
          payload: {
            summary: notification.title.slice(0, 1024),
            source: options.source ?? notification.labels.instance ?? notification.labels.host ?? notification.labels.service ?? 'zervigo',
            severity: SEVERITIES[notification.severity] ?? 'error',
            timestamp: notification.startsAt,
            ...((options.component ?? notification.labels.service) ? { component: options.component ?? notification.labels.service } : {}),
            ...(options.group ? { group: options.group } : {}),
            class: notification.labels.alertname ?? 'alert',
            custom_details: {
              summary: notification.summary,
              labels: notification.labels,
              annotations: notification.annotations,
              alerts: notification.alerts.length,
            },
          },
          client: 'Zervigo',
          ...(notification.url ? { client_url: notification.url, links: [{ href: notification.url, text: 'Open in Zervigo' }] } : {}),
        };
        return postJson(url, event);
      },
    },
  },
};
