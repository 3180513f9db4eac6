import type { ChannelKind } from '../../../../shared/types/alerts';

/** A channel as the form edits it: every kind's fields, the chosen kind's written back. */
export interface ChannelForm {
  name: string;
  kind: ChannelKind;
  sendResolved: boolean;
  slackWebhook: string;
  slackChannel: string;
  smtp: string;
  from: string;
  to: string;
  webhookUrl: string;
  headers: { name: string; value: string }[];
  /** The file says send_resolved explicitly: keep saying it. */
  explicitSendResolved: boolean;
}

export const channelKinds: readonly ChannelKind[] = ['desktop', 'slack', 'email', 'webhook'];

export function emptyChannelForm(): ChannelForm {
  return {
    name: '',
    kind: 'webhook',
    sendResolved: true,
    slackWebhook: '',
    slackChannel: '',
    smtp: '',
    from: '',
    to: '',
    webhookUrl: '',
    headers: [],
    explicitSendResolved: false,
  };
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The form for a channel as written in the workspace file. */
export function channelFormOf(name: string, raw: unknown): ChannelForm {
  const channel = record(raw);
  const form = { ...emptyChannelForm(), name, sendResolved: channel.send_resolved !== false, explicitSendResolved: channel.send_resolved !== undefined };
  const kind = channelKinds.find((candidate) => channel[candidate] !== undefined) ?? 'webhook';
  form.kind = kind;
  const slack = record(channel.slack);
  const email = record(channel.email);
  const webhook = record(channel.webhook);
  form.slackWebhook = text(slack.webhook);
  form.slackChannel = text(slack.channel);
  form.smtp = text(email.smtp);
  form.from = text(email.from);
  form.to = Array.isArray(email.to) ? email.to.map(text).join(', ') : text(email.to);
  form.webhookUrl = text(webhook.url);
  form.headers = Object.entries(record(webhook.headers)).map(([header, value]) => ({ name: header, value: text(value) }));
  return form;
}

/** The channel's value for the workspace file: only the chosen kind, only the fields given. */
export function channelValueOf(form: ChannelForm): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  if (form.kind === 'desktop') value.desktop = true;
  if (form.kind === 'slack')
    value.slack = { webhook: form.slackWebhook.trim(), ...(form.slackChannel.trim() === '' ? {} : { channel: form.slackChannel.trim() }) };
  if (form.kind === 'email') {
    const to = form.to
      .split(/[,\s]+/)
      .map((address) => address.trim())
      .filter((address) => address !== '');
    value.email = { smtp: form.smtp.trim(), ...(form.from.trim() === '' ? {} : { from: form.from.trim() }), to };
  }
  if (form.kind === 'webhook') {
    const headers = Object.fromEntries(form.headers.filter((header) => header.name.trim() !== '').map((header) => [header.name.trim(), header.value]));
    value.webhook = { url: form.webhookUrl.trim(), ...(Object.keys(headers).length === 0 ? {} : { headers }) };
  }
  if (!form.sendResolved || form.explicitSendResolved) value.send_resolved = form.sendResolved;
  return value;
}

/** What must be filled in before the form can be saved, in words (the engine checks the rest). */
export function channelFormProblem(form: ChannelForm, taken: readonly string[]): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(form.name.trim())) return 'A name: letters, digits, "-", "_", "." (routes use it in notify:).';
  if (taken.includes(form.name.trim())) return `There is already a channel "${form.name.trim()}".`;
  if (form.kind === 'slack' && form.slackWebhook.trim() === '') return 'The Slack webhook URL.';
  if (form.kind === 'email' && (form.smtp.trim() === '' || form.to.trim() === '')) return 'The SMTP server and at least one recipient.';
  if (form.kind === 'webhook' && form.webhookUrl.trim() === '') return 'The webhook URL.';
  return null;
}
