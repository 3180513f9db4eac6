'use strict';
/**
 * ntfy: a push notification published as JSON (POST to the server's root with { topic, title,
 * message, priority, tags, click }). Runs in a process of its own under Zervigo.
 */

const PRIORITIES = { critical: 5, warning: 4, info: 3, resolved: 3 };
const TAGS = { critical: ['rotating_light'], warning: ['warning'], info: ['information_source'], resolved: ['white_check_mark'] };

function auth(options) {
  if (options.token) return { authorization: `Bearer ${options.token}` };
  if (options.username) return { authorization: `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}` };
  return {};
}

module.exports = {
  channels: {
    ntfy: {
      async send(options, notification, { postJson }) {
        const body = {
          topic: options.topic,
          title: notification.title,
          message: notification.summary || notification.title,
          priority: options.priority ?? PRIORITIES[notification.severity] ?? 3,
          tags: [...(TAGS[notification.severity] ?? []), ...(options.tags ?? [])],
          ...(notification.url ? { click: notification.url } : {}),
        };
        return postJson((options.server ?? 'https://ntfy.sh').replace(/\/+$/, '') + '/', body, auth(options));
      },
    },
  },
};
