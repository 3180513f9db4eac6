/**
 * The variables each replica of a service has of its own: ${REPLICA} (1..N) and ${PORT} (the
 * service's port + REPLICA - 1). In a replicated service they are left for the replica's start,
 * not looked up in the environment when the workspace is read.
 */
export const REPLICA_VARIABLES: readonly string[] = ['REPLICA', 'PORT'];

/** The fields a replica count is read from (a service's replicas: and scale:). */
export interface ReplicaCountFields {
  replicas: number;
  scale?: { min: number; max: number } | undefined;
}

/** How many replicas a service starts with: 1 for a plain service, replicas: kept within scale's min..max. */
export function initialReplicas(service: ReplicaCountFields): number {
  const scale = service.scale;
  return scale === undefined ? service.replicas : Math.min(scale.max, Math.max(scale.min, service.replicas));
}

/** A service that runs as replicas (more than one now, or scale: may make it so): each is supervised on its own. */
export function isReplicated(service: ReplicaCountFields): boolean {
  return service.replicas > 1 || service.scale !== undefined;
}

export interface ReplicaValues {
  replica: number;
  /** Null when the service has no port. */
  port: number | null;
}

/** The port of replica `replica` of a service whose port is `base`. */
export function replicaPort(base: number | null | undefined, replica: number): number | null {
  return base === null || base === undefined ? null : base + replica - 1;
}

/** ${REPLICA} and ${PORT} in `text` filled in for one replica (${PORT} stays as written when there is no port). */
export function fillReplica(text: string, values: ReplicaValues): string {
  return text.replace(/\$\{(REPLICA|PORT)\}/g, (match, name: string) =>
    name === 'REPLICA' ? String(values.replica) : values.port === null ? match : String(values.port),
  );
}

/** The same through every string of a JSON-like value (a probe's options). */
export function fillReplicaDeep<T>(value: T, values: ReplicaValues): T {
  if (typeof value === 'string') return fillReplica(value, values) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => fillReplicaDeep(item, values)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillReplicaDeep(item as unknown, values)])) as T;
  return value;
}

/**
 * A replica's probe is written with ${PORT} / ${REPLICA} ("http://127.0.0.1:${PORT}/"), which
 * no URL or host:port check accepts. It is checked with stand-ins that are valid where a port
 * or a number goes and that nobody writes (a leading zero), then given its variables back.
 */
const STAND_INS: readonly (readonly [string, string])[] = [
  ['${PORT}', '09999'],
  ['${REPLICA}', '09998'],
];

export function maskReplicaVariables(value: unknown): unknown {
  return mapStrings(value, (text) => STAND_INS.reduce((result, [variable, standIn]) => result.split(variable).join(standIn), text));
}

export function unmaskReplicaVariables<T>(value: T): T {
  return mapStrings(value, (text) => STAND_INS.reduce((result, [variable, standIn]) => result.split(standIn).join(variable), text)) as T;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item as unknown, map)]));
  return value;
}
