/**
 * A replica of a replicated service is named `<service>#<n>` (web#2): in its supervisor, its
 * probes' ids, its log lines and its audit entries. Shared, because a log filter on the service
 * (in the engine's search and in the renderer's live tail) must also take its replicas' lines.
 */

export function replicaId(service: string, replica: number): string {
  return `${service}#${replica}`;
}

/** "web#2" → { service: "web", replica: 2 }; null for a plain service name. */
export function parseReplicaId(id: string): { service: string; replica: number } | null {
  const match = /^(.+)#(\d+)$/.exec(id);
  return match === null ? null : { service: match[1] as string, replica: Number(match[2]) };
}

/** `name` is `service` itself or one of its replicas. */
export function isServiceOrReplica(name: string, service: string): boolean {
  return name === service || parseReplicaId(name)?.service === service;
}
