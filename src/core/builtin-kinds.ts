import type { WorkspaceKinds } from './config/schema';
import type { PluginKindLookup } from './config/plugin-kinds';
import { builtinActionKinds, createActionKindRegistry } from './actions/action-kinds';
import { builtinChannelKinds, createChannelKindRegistry } from './notify/channel-kinds';
import { PluginKindRegistration } from './plugin-kind-registration';
import { builtinProbeKinds, createProbeKindRegistry } from './monitoring/probe-kinds';

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

/** A running engine's registries, one per family of kinds: the built-ins, and what plugins add. */
export function createKindRegistries() {
  const probes = createProbeKindRegistry();
  const channels = createChannelKindRegistry();
  const actions = createActionKindRegistry();
  // Getters: the workspace schema is assembled from what the registries hold at each load.
  const workspaceKinds: WorkspaceKinds = {
    get probes() {
      return probes.all();
    },
    get channels() {
      return channels.all();
    },
    get actions() {
      return actions.all();
    },
  };
  /** The keys a plugin may not take ('system' is the machine's own probe, not a registry entry). */
  const builtinNames = () => ({
    probes: [...probes.all().map((kind) => kind.kind), 'system'],
    channels: channels.all().map((kind) => kind.kind),
    actions: actions.all().map((kind) => kind.kind),
  });
  return { probes, channels, actions, workspaceKinds, builtinNames };
}
