import { pluginOptionsSchema, type PluginKindInfo } from '../../config/plugin-kinds';
import type { ChannelKind } from '../channel-kind';
import { DeliveryError } from '../delivery-error';
import { pluginNotification, type PluginNotification } from '../plugin-notification';

/** How long a plugin's channel has to deliver one notification (as long as a built-in's HTTP POST). */
export const PLUGIN_CHANNEL_TIMEOUT_MS = 10_000;

/** What a plugin channel kind needs of the engine: the plugin behind the kind now, and a call into its process. */
export interface PluginChannelPort {
  info(): PluginKindInfo | undefined;
  send(options: unknown, notification: PluginNotification, timeoutMs: number): Promise<unknown>;
}

/**
 * A channel kind a plugin contributes, as an entry of the channel kind registry like a built-in:
 * options checked against the plugin's JSON Schema at load, each delivery one call into the
 * plugin's process with a timeout. A failure is retried with back-off like a built-in's, unless the
 * plugin says retrying cannot help (the SDK's PermanentError).
 */
export function pluginChannelKind(kind: string, port: PluginChannelPort): ChannelKind {
  const owner = (): string => port.info()?.plugin ?? 'unknown';
  return {
    kind,
    summary: `A channel kind from plugin ${owner()}.`,
    schema: pluginOptionsSchema('channel', kind, () => port.info()),
    optionsJsonSchema: () => port.info()?.options,
    plugin: () => port.info()?.plugin,
    describe: (options) => pluginTarget(options) ?? `${kind} (plugin ${owner()})`,
    send: async (options, notification) => {
      let value: unknown;
      try {
        value = await port.send(options, pluginNotification(notification), PLUGIN_CHANNEL_TIMEOUT_MS);
      } catch (error) {
        throw new DeliveryError((error as Error).message, (error as { details?: { permanent?: unknown } }).details?.permanent === true);
      }
      if (typeof value === 'string' && value !== '') return value.slice(0, 200);
      const message = (value as { message?: unknown } | null)?.message;
      return typeof message === 'string' && message !== '' ? message.slice(0, 200) : `delivered by plugin ${owner()}`;
    },
  };
}

/** Keys a channel's destination is written under; only the host is shown (a webhook's path or a topic is its credential). */
const URL_KEYS = ['url', 'webhook', 'webhook_url', 'server', 'base_url', 'api_url', 'endpoint'];

function pluginTarget(options: unknown): string | null {
  if (typeof options !== 'object' || options === null) return null;
  for (const key of URL_KEYS) {
    const value = (options as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    try {
      return new URL(value).host;
    } catch {
      return null;
    }
  }
  return null;
}
