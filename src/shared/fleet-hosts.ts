/**
 * The names of places in a fleet that are not agents. One definition, because the workspace's
 * `from: [local]`, the fleet-wide views' host column and the Logs page's host picker must agree.
 */

/** This console's own engine: a host in fleet views and logs, a place in a probe's `from:`. */
export const LOCAL_HOST = 'local';

/** Every host at once (the Logs page's host picker). */
export const ALL_HOSTS = 'all';

/** Names an agent cannot take: an agent called "local" or "all" would hide behind these. */
export const RESERVED_AGENT_NAMES: readonly string[] = [LOCAL_HOST, ALL_HOSTS];
