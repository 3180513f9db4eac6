import type { ProbeKindSchema, ProbeSettings } from '../config/schema';
import type { ProbeCheck } from './check-result';
import type { HttpAgents } from './http-agents';

/**
 * What a probe kind gets to build its check: the probe's own settings and a few things the
 * engine shares. Kept small on purpose: a kind from a plugin sees exactly this, no engine part.
 */
export interface ProbeContext {
  /** The probe's shared keys: `expect` (what passing means) and `shell` (for command lines). */
  probe: ProbeSettings & { timeoutMs: number };
  /** The service the probe belongs to. */
  service: {
    name: string;
    /** Its working folder: relative paths in options resolve against it. */
    dir: string;
    /** Zervigo's environment with the service's `env:` on top. */
    env: NodeJS.ProcessEnv;
    /** Its `pid_file:`, if it has one (relative to `dir`). */
    pidFile: string | undefined;
    /** The pid of the service's process when Zervigo started it, else null. */
    pid(): number | null;
  };
  /** Pooled HTTP(S) connections, shared by every probe (closed with the engine). */
  agents: HttpAgents;
  /** Runs a check of a plugin's probe kind in that plugin's process (absent where plugins do not run). */
  pluginProbe?: (kind: string, options: unknown, timeoutMs: number, graceMs: number) => Promise<unknown>;
}

/**
 * A probe kind: one object per kind, found in the ProbeKindRegistry by the key a probe is written
 * under. Built-ins implement it in probes/kinds/; plugins register entries of the same shape.
 * `schema` and `describe` (from ProbeKindSchema) are used when the workspace loads; `createCheck`
 * gets the options as the schema parsed them.
 */
export interface ProbeKind<Options = unknown> extends ProbeKindSchema<Options> {
  /** The `instance` label, as Prometheus sets it (host:port for network targets); default: describe. */
  instance?(options: Options): string;
  /** Service keys besides the probe's own whose change must rebuild the check (a command's env, a process's pid_file). */
  dependsOn?: readonly ('env' | 'pid_file')[];
  /** The check, built once per probe (it may keep state between checks: previous CPU ticks, a connection pool). */
  createCheck(options: Options, context: ProbeContext): ProbeCheck;
}
