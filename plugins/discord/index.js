'use strict';
/**
 * Discord: a message through a channel's webhook (POST {webhook} with content and an embed, as
 * Discord's "Execute Webhook" documents). Runs in a process of its own under Zervigo.
 */
const COLORS = { critical: 0xe03131, warning: 0xf08c00, info: 0x868e96, resolved: 0x2f9e44 };

function fields(labels) {
  return Object.entries(labels)
    .filter(([key]) => key !== 'alertname')
    .slice(0, 25)
    .map(([name, value]) => ({ name: name.slice(0, 256), value: String(value).slice(0, 1024) || '-', inline: true }));
}

module.exports = {
  channels: {
    discord: {
      async send(options, notification, { postJson }) {
        const embed = {
          title: notification.title.slice(0, 256),
          description: (notification.summary || notification.title).slice(0, 4096),
          color: COLORS[notification.severity] ?? COLORS.warning,
          timestamp: notification.startsAt,
          fields: fields(notification.labels),
          footer: { text: 'Zervigo' },
          ...(notification.url ? { url: notification.url } : {}),
        };
        const body = {
          content: `${options.mention ? `${options.mention} ` : ''}${notification.title}`.slice(0, 2000),
          embeds: [embed],
          // Mentions only from the options, never from alert text.
          allowed_mentions: { parse: options.mention ? ['roles', 'users', 'everyone'] : [] },
          ...(options.username ? { username: options.username } : {}),
        };
        return postJson(options.webhook, body);
      },
    },
  },
};
