import type { ChannelKind, ChannelKindView } from '../../../../shared/types/alerts';
import { fieldsOf, inputsOf, missingField, optionsOf, type FieldInput, type SchemaField } from './schema-fields';

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
  /** A kind without a form of its own (oncall:, a plugin's): fields drawn from its options' JSON Schema. */
  fields: SchemaField[];
  inputs: Record<string, FieldInput>;
  /** The options as written under the kind's key, so keys the fields do not show are kept. */
  written: unknown;
}

/** The kinds the console has a form of its own for; every other kind the engine knows gets one drawn from its schema. */
export const channelKinds: readonly ChannelKind[] = ['desktop', 'slack', 'email', 'webhook'];

export const hasOwnForm = (kind: ChannelKind): boolean => channelKinds.includes(kind);

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
    fields: [],
    inputs: {},
    written: undefined,
  };
}

/** The form switched to another kind; a kind drawn from a schema starts from what the file has under its key. */
export function withKind(form: ChannelForm, kind: ChannelKind, kinds: readonly ChannelKindView[], written?: unknown): ChannelForm {
  const view = kinds.find((candidate) => candidate.kind === kind);
  if (hasOwnForm(kind) || view === undefined) return { ...form, kind, fields: [], inputs: {}, written: undefined };
  const fields = fieldsOf(view.options, kind);
  return { ...form, kind, fields, inputs: inputsOf(fields, written), written };
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The form for a channel as written in the workspace file, for the kinds the engine knows (without
 * them, the kinds with a form of their own). A kind with no form of its own opens as that kind,
 * with fields from its schema; one the engine does not know keeps its key, its options untouched.
 */
export function channelFormOf(name: string, raw: unknown, kinds: readonly ChannelKindView[] = []): ChannelForm {
  const channel = record(raw);
  const form = { ...emptyChannelForm(), name, sendResolved: channel.send_resolved !== false, explicitSendResolved: channel.send_resolved !== undefined };
  const known = [...channelKinds, ...kinds.map((view) => view.kind)];
  const written = Object.keys(channel).filter((key) => key !== 'send_resolved' && channel[key] !== undefined);
  const kind = written.find((key) => known.includes(key)) ?? written[0] ?? 'webhook';
  if (!hasOwnForm(kind)) return { ...withKind(form, kind, kinds, channel[kind]), written: channel[kind] };
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
  if (!hasOwnForm(form.kind)) value[form.kind] = form.fields.length === 0 ? form.written : optionsOf(form.fields, form.inputs, form.written);
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
  const missing = hasOwnForm(form.kind) ? null : missingField(form.fields, form.inputs);
  if (missing !== null) return missing.key === null ? `The ${form.kind} value.` : `${missing.label} (${form.kind}).`;
  return null;
}
