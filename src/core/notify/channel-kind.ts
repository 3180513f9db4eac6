import type { ChannelKindSchema } from '../config/schema';
import type { DesktopNotice } from '../../shared/types/alerts';
import type { AlertNotification } from './notification';

/** What a channel kind gets to send: kept small on purpose, a kind from a plugin sees exactly this. */
export interface ChannelContext {
  /** Shows a notice in the desktop app (tray, native notification) and as a toast in open consoles. */
  showNotice(notice: DesktopNotice): void;
  /** Hands a notification to an escalation policy (the oncall kind); says whom it paged. Absent where no engine runs. */
  escalate?(policy: string, notification: AlertNotification): Promise<string>;
}

/**
 * A channel kind: one object per kind, found in the channel kind registry by the key a channel is
 * written under. Built-ins implement it in notify/channels/; plugins register entries of the same
 * shape. `send` delivers one notification in the kind's own format and returns what the receiver
 * said; it throws a DeliveryError with `permanent` set for what retrying cannot fix (a 4xx, a
 * refused recipient); any other error is retried with back-off. The notification's `key` is the
 * idempotency key: the same for every attempt.
 */
export interface ChannelKind<Options = unknown> extends ChannelKindSchema<Options> {
  send(options: Options, notification: AlertNotification, context: ChannelContext): Promise<string>;
}
