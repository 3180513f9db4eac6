import type { WorkspaceKinds } from './config/schema';
import { builtinActionKinds } from './actions/action-kinds';
import { builtinChannelKinds } from './notify/channel-kinds';
import { builtinProbeKinds } from './probes/probe-kinds';

/**
 * The kinds Zervigo ships, for what reads a workspace without a running engine (the CLI's
 * validate and schema commands, tests). A running engine reads its registries instead, which
 * plugins add to.
 */
export const builtinKinds: WorkspaceKinds = { probes: builtinProbeKinds, channels: builtinChannelKinds, actions: builtinActionKinds };
