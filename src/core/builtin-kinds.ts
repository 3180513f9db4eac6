import type { WorkspaceKinds } from './config/schema';
import type { PluginKindLookup } from './config/plugin-kinds';
import { builtinActionKinds, createActionKindRegistry } from './actions/action-kinds';
import { builtinChannelKinds, createChannelKindRegistry } from './notify/channel-kinds';
import { PluginKindRegistration } from './plugin-kind-registration';
import { builtinProbeKinds } from './monitoring/probe-kinds';

/**
 * The kinds Zervigo ships, for what reads a workspace without a running engine (the CLI's
 * validate and schema commands, tests). A running engine reads its registries instead, which
 * plugins add to.
 */
export const builtinKinds: WorkspaceKinds = { probes: builtinProbeKinds, channels: builtinChannelKinds, actions: builtinActionKinds };

/** The built-in kinds plus the channel and action kinds of installed plugins, for validating without running anything (config validate). */
export function kindsWithPlugins(lookup: PluginKindLookup): WorkspaceKinds {
  const channels = createChannelKindRegistry();
  const actions = createActionKindRegistry();
  new PluginKindRegistration({ channels, actions }, null).sync(lookup);
  return { probes: builtinProbeKinds, channels: channels.all(), actions: actions.all() };
}
