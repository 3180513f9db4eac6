'use strict';
/**
 * Gotify: a message to an application (POST {server}/message with the app token in X-Gotify-Key and
 * { title, message, priority, extras }). Runs in a process of its own under Zervigo.
 */

const PRIORITIES = { critical: 8, warning: 5, info: 2, resolved: 2 };

module.exports = {
  channels: {
    gotify: {
      async send(options, notification, { postJson }) {
        const body = {
          title: notification.title,
          message: notification.summary || notification.title,
          priority: options.priority ?? PRIORITIES[notification.severity] ?? 5,
          extras: {
            'client::display': { contentType: 'text/plain' },
            ...(notification.url ? { 'client::notification': { click: { url: notification.url } } } : {}),
          },
        };
        return postJson(`${options.server.replace(/\/+$/, '')}/message`, body, { 'X-Gotify-Key': options.token });
      },
    },
  },
};
