'use strict';
/**
 * Microsoft Teams: an Adaptive Card through an incoming webhook or a Workflows webhook (POST
 * { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content }] }).
 * Runs in a process of its own under Zervigo.
 */
const COLORS = { critical: 'Attention', warning: 'Warning', info: 'Default', resolved: 'Good' };

function card(notification) {
  const facts = Object.entries(notification.labels)
    .filter(([key]) => key !== 'alertname')
    .slice(0, 20)
    .map(([title, value]) => ({ title, value: String(value) }));
  const body = [
    { type: 'TextBlock', text: notification.title, size: 'Medium', weight: 'Bolder', color: COLORS[notification.severity] ?? 'Warning', wrap: true },
  ];
  if (notification.summary) body.push({ type: 'TextBlock', text: notification.summary.slice(0, 4000), wrap: true });
  if (facts.length > 0) body.push({ type: 'FactSet', facts });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(notification.url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Zervigo', url: notification.url }] } : {}),
    msteams: { width: 'Full' },
  };
}

module.exports = {
  channels: {
    teams: {
      async send(options, notification, { postJson }) {
        const message = {
          type: 'message',
          summary: notification.title,
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card(notification) }],
        };
        return postJson(options.webhook, message);
      },
    },
  },
};
