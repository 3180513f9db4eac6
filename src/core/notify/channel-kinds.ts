import { KindRegistry } from '../kind-registry';
import type { ChannelKind } from './channel-kind';
import { desktopChannel } from './channels/desktop';
import { emailChannel } from './channels/email';
import { oncallChannel } from './channels/oncall';
import { slackChannel } from './channels/slack';
import { webhookChannel } from './channels/webhook';

/** The channel kinds Zervigo ships, in the order the schema and its messages list them. A new kind is one file and one line here. */
export const builtinChannelKinds: readonly ChannelKind[] = [desktopChannel, slackChannel, emailChannel, webhookChannel, oncallChannel];

export type ChannelKindRegistry = KindRegistry<ChannelKind>;

/** A registry holding the built-in channel kinds; plugins register theirs into it. */
export function createChannelKindRegistry(): ChannelKindRegistry {
  return new KindRegistry('channel', builtinChannelKinds);
}
