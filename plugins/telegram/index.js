'use strict';
/**
 * Telegram: a message from a bot (the Bot API's sendMessage: POST {api_url}/bot{token}/sendMessage
 * with chat_id and text, HTML parse mode). Runs in a process of its own under Zervigo.
 */

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const MARKS = { critical: '\u{1F534}', warning: '\u{1F7E0}', info: '\u{2139}\u{FE0F}', resolved: '\u{2705}' };

module.exports = {
  channels: {
    telegram: {
      async send(options, notification, { postJson }) {
        const lines = [`${MARKS[notification.severity] ?? ''} <b>${escapeHtml(notification.title)}</b>`.trim()];
        if (notification.summary) lines.push(escapeHtml(notification.summary));
        if (notification.url) lines.push(`<a href="${escapeHtml(notification.url)}">Open in Zervigo</a>`);
        const body = {
          chat_id: options.chat_id,
          text: lines.join('\n').slice(0, 4096),
          parse_mode: 'HTML',
          disable_web_page_preview: true,
          ...(options.silent ? { disable_notification: true } : {}),
          ...(options.thread_id !== undefined ? { message_thread_id: options.thread_id } : {}),
        };
        const apiUrl = (options.api_url ?? 'https://api.telegram.org').replace(/\/+$/, '');
        return postJson(`${apiUrl}/bot${options.bot_token}/sendMessage`, body);
      },
    },
  },
};
