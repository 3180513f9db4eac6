import { z } from 'zod';
import type { AlertEventView, AlertView, ChannelKindView, ChannelView, DeliveryView, DesktopNotice, NotificationView, SilenceView } from '../types/alerts';
import { NoInput } from './app';
import { command, event, returns } from './define';

const Fingerprint = z.string().regex(/^[0-9a-f]{16}$/, 'a fingerprint is 16 hex digits, as in GET /api/v1/alerts');
const Limit = (fallback: number) => z.coerce.number().int().min(1).max(5000).default(fallback);

const SilenceMatcherInput = z.strictObject({
  name: z.string().min(1, 'a matcher needs a label name'),
  value: z.string(),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});

export const SilenceInput = z
  .strictObject({
    matchers: z.array(SilenceMatcherInput).min(1, 'a silence needs at least one matcher'),
    startsAt: z.number().int().nonnegative().optional(),
    endsAt: z.number().int().positive().optional(),
    /** Instead of endsAt: how long from the start, e.g. "1h". */
    duration: z
      .string()
      .regex(/^(\d+(ms|s|m|h|d|w))+$/, 'write a duration like 30m, 1h or 2d')
      .optional(),
    comment: z.string().trim().min(1, 'say why (a comment) so others know').max(1000),
    createdBy: z.string().trim().min(1).max(200).optional(),
  })
  .refine((input) => (input.endsAt === undefined) !== (input.duration === undefined), { message: 'give either endsAt or duration' });

export const alertCommands = {
  'alerts.list': command({
    permission: 'view',
    input: z
      .strictObject({
        state: z.enum(['all', 'firing', 'pending', 'resolved', 'silenced']).default('all'),
        /** Only the alerts whose `service` label is this. */
        service: z.string().min(1).max(200).optional(),
      })
      .optional()
      .default({ state: 'all' }),
    output: returns<AlertView[]>(),
    rest: 'GET /alerts',
    summary: 'Firing, pending and recently resolved alerts, worst first',
  }),
  'alerts.history': command({
    permission: 'view',
    input: z
      .strictObject({ fingerprint: Fingerprint.optional(), limit: Limit(200) })
      .optional()
      .default({ limit: 200 }),
    output: returns<AlertEventView[]>(),
    rest: 'GET /alerts/history',
    summary: 'The timeline of one alert, or of all alerts, newest first',
  }),
  'alerts.acknowledge': command({
    permission: 'operate',
    input: z.strictObject({ fingerprint: Fingerprint, comment: z.string().max(1000).default('') }),
    output: returns<AlertView>(),
    rest: 'POST /alerts/:fingerprint/ack',
    summary: 'Acknowledge an alert: no more reminders until it resolves',
  }),
  'alerts.unacknowledge': command({
    permission: 'operate',
    input: z.strictObject({ fingerprint: Fingerprint }),
    output: returns<AlertView>(),
    rest: 'DELETE /alerts/:fingerprint/ack',
    summary: 'Take an acknowledgement back',
  }),
  'silences.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<SilenceView[]>(),
    rest: 'GET /silences',
    summary: 'Active, pending and recently expired silences',
  }),
  'silences.create': command({
    permission: 'operate',
    input: SilenceInput,
    output: returns<SilenceView>(),
    rest: 'POST /silences',
    summary: 'Silence the alerts that match, for a while',
  }),
  'silences.expire': command({
    permission: 'operate',
    input: z.strictObject({ id: z.uuid('a silence id is a UUID, as in GET /api/v1/silences') }),
    output: returns<SilenceView>(),
    rest: 'DELETE /silences/:id',
    summary: 'End a silence now',
  }),
  'channels.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<ChannelView[]>(),
    rest: 'GET /channels',
    summary: 'Notification channels with their last delivery',
  }),
  'channels.kinds': command({
    permission: 'view',
    input: NoInput,
    output: returns<ChannelKindView[]>(),
    rest: 'GET /channels/kinds',
    summary: 'The channel kinds there are (built in and from plugins), each with the JSON Schema of its options',
  }),
  'channels.test': command({
    permission: 'configure',
    input: z.strictObject({ name: z.string().min(1) }),
    output: returns<NotificationView>(),
    rest: 'POST /channels/:name/test',
    summary: 'Send a test notification through a channel; returns its first delivery attempt',
  }),
  'channels.testDraft': command({
    permission: 'configure',
    input: z.strictObject({ name: z.string().min(1).max(200), channel: z.record(z.string(), z.unknown()) }),
    output: returns<DeliveryView>(),
    rest: 'POST /channels/test-draft',
    summary: 'Send a test through a channel as written in a form, before it is saved (${VAR} from the active environment); one attempt, not queued',
  }),
  'notifications.list': command({
    permission: 'view',
    input: z
      .strictObject({ channel: z.string().min(1).optional(), limit: Limit(100) })
      .optional()
      .default({ limit: 100 }),
    output: returns<NotificationView[]>(),
    rest: 'GET /notifications',
    summary: 'Notifications with their delivery log, newest first',
  }),
};

export const alertEvents = {
  'alerts.changed': event<AlertView[]>('An alert changed state, was acknowledged, silenced or unsilenced', 'view'),
  'silences.changed': event<SilenceView[]>('A silence was created, expired or ended', 'view'),
  'notifications.changed': event<NotificationView>('A notification was queued or a delivery attempt finished', 'view'),
  'notification.desktop': event<DesktopNotice>('The desktop channel notifies: show it natively (desktop) or as a toast (web console)', 'view'),
};
