import type { ActionKindSchema, ChannelKindSchema } from './alerting';
import type { ProbeKindSchema } from './probe';

/**
 * The kinds a workspace file may use, as the registries hold them (built-ins and those plugins
 * add). The workspace schema is assembled from them: each kind brings the schema of its options.
 * Config sits below the parts that implement the kinds, so it knows them only through these
 * schema-side interfaces; the engine (or the CLI) hands the registries' kinds in.
 */
export interface WorkspaceKinds {
  probes: readonly ProbeKindSchema[];
  channels: readonly ChannelKindSchema[];
  actions: readonly ActionKindSchema[];
}
