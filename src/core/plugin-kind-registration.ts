import type { ActionKindRegistry } from './actions/action-kinds';
import { pluginActionKind } from './actions/kinds/plugin-action';
import type { PluginKindLookup } from './config/plugin-kinds';
import type { ChannelKindRegistry } from './notify/channel-kinds';
import { pluginChannelKind } from './notify/channels/plugin-channel';

/** A call into the process of the plugin that provides a kind (PluginsModule.callKind), or null where plugins do not run (config validate). */
export type PluginKindCall = (section: 'channels' | 'actions', kind: string, options: unknown, input: unknown, timeoutMs: number) => Promise<unknown>;

/**
 * Keeps the channel and action kind registries in step with the installed plugins: each kind an
 * installed plugin contributes is an entry of its own (registered once, its plugin looked up at
 * each use, so enabling or disabling it needs no re-registration), and a kind no installed plugin
 * provides any more is taken out. A plugin's kind never replaces a built-in one (enabling such a
 * plugin is refused in Plugins).
 */
export class PluginKindRegistration {
  private lookup: PluginKindLookup | null = null;
  private readonly channels = new Set<string>();
  private readonly actions = new Set<string>();

  constructor(
    private readonly registries: { channels: ChannelKindRegistry; actions: ActionKindRegistry },
    private readonly call: PluginKindCall | null,
  ) {}

  /** Registers what the lookup's plugins provide and drops what none does any more; returns the lookup. */
  sync(lookup: PluginKindLookup): PluginKindLookup {
    this.lookup = lookup;
    const unavailable = (): Promise<never> => Promise.reject(new Error('plugins do not run here'));
    syncFamily(this.registries.channels, this.channels, lookup.channelKinds(), (kind) =>
      pluginChannelKind(kind, {
        info: () => this.lookup?.channel(kind),
        send: (options, notification, timeoutMs) => this.call?.('channels', kind, options, notification, timeoutMs) ?? unavailable(),
      }),
    );
    syncFamily(this.registries.actions, this.actions, lookup.actionKinds(), (kind) =>
      pluginActionKind(kind, {
        info: () => this.lookup?.action(kind),
        run: (options, input, timeoutMs) => this.call?.('actions', kind, options, input, timeoutMs) ?? unavailable(),
      }),
    );
    return lookup;
  }
}

function syncFamily<Kind extends { kind: string }>(
  registry: { get(key: string): Kind | undefined; register(kind: Kind, owner?: string): void; unregister(key: string): void },
  registered: Set<string>,
  wanted: readonly string[],
  create: (kind: string) => Kind,
): void {
  for (const kind of [...registered]) {
    if (wanted.includes(kind)) continue;
    registry.unregister(kind);
    registered.delete(kind);
  }
  for (const kind of wanted) {
    if (registered.has(kind) || registry.get(kind) !== undefined) continue;
    registry.register(create(kind), 'a plugin');
    registered.add(kind);
  }
}
