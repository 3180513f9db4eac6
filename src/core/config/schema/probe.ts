import { z } from 'zod';
import { jsonPathProblem } from '../json-path';
import { exactlyOneOf, kindsAsOneOf } from './one-of';
import { duration, name } from './primitives';

/** Accepted status codes: 200, "2xx", "200-299", or a list of them. */
const statusSpec = z.union([z.number().int().min(100).max(599), z.string().regex(/^([1-5]xx|\d{3}(-\d{3})?)$/, 'expected 200, "2xx" or "200-299"')]);

/** A regular expression, checked when the file is loaded rather than at the first check. */
export const regex = z.string().superRefine((text, ctx) => {
  try {
    new RegExp(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` });
  }
});

/** JSON paths ($.status, checks[0].ok) to the value each must have. */
const bodyJson = z.record(z.string(), z.unknown()).superRefine((paths, ctx) => {
  for (const path of Object.keys(paths)) {
    const problem = jsonPathProblem(path);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: [path], message: problem });
  }
});

const expectation = z.strictObject({
  status: z
    .union([statusSpec, z.array(statusSpec).min(1)])
    .optional()
    .describe('http: accepted status codes: 200, "2xx", "200-299" or a list (default: 2xx).'),
  max_ms: z.number().positive().optional().describe('http, tcp, command, prometheus: the check fails when it takes longer than this many milliseconds.'),
  body_contains: z.string().optional().describe('http: the body contains this text.'),
  body_regex: regex.optional().describe('http: the body matches this regular expression.'),
  body_json: bodyJson.optional().describe('http: JSON paths ($.status, checks[*].ok) and the value each must have.'),
  cert_days_min: z.number().int().nonnegative().optional().describe('https, tls: the certificate is valid for at least this many more days.'),
  contains: z.string().optional().describe('tcp: the answer to `send` contains this text.'),
  exit_code: z.number().int().min(0).max(255).optional().describe('command: the exit code (default 0).'),
  stdout_contains: z.string().optional().describe('command: the output contains this text.'),
  stdout_regex: regex.optional().describe('command: the output matches this regular expression.'),
});

const DEFAULT_TIMEOUT_MS = 5_000;

export type ExpectKey = keyof z.infer<typeof expectation>;
export type ProbeExpectation = z.infer<typeof expectation>;

/** A problem a kind finds in its options that its schema alone cannot see (it needs the probe's other keys). */
export interface KindProblem {
  /** Under the kind's key (e.g. ['url']); empty for the options as a whole. Paths starting with "expect" are the probe's. */
  path: (string | number)[];
  message: string;
}

/** The keys every probe has besides its kind, as a kind's checks see them. */
export interface ProbeSettings {
  shell: boolean;
  expect: ProbeExpectation;
}

/**
 * What the workspace file knows of a probe kind: its key, its options' schema, what it does, and
 * which `expect` keys mean something for it. The kind's behaviour (describe, createCheck) sits in
 * probes/ (ProbeKind extends this); the schema is assembled from the registry's kinds.
 */
export interface ProbeKindSchema<Options = unknown> {
  /** The key written in zervigo.yaml (`http: ...`); also the probe's kind label. */
  kind: string;
  /** One sentence for editors and `zervigo config schema`. */
  summary: string;
  /** Its options, as written under its key. */
  schema: z.ZodType<Options>;
  /** The `expect` keys that apply to it. */
  expects: readonly ExpectKey[];
  /** Set by Zervigo rather than written (the plugin kind): left out of the kinds the JSON Schema offers. */
  internal?: boolean;
  /** The target in one line, as the console shows it ("GET https://…", "db:5432"). */
  describe(options: Options): string;
  /** Checks across its options and the probe's other keys (a command's shell, an https-only expectation). */
  validate?(options: Options, probe: ProbeSettings): KindProblem[];
  /** The message for an `expect` key it does not take, when the generic one would mislead. */
  expectProblem?(key: ExpectKey, options: Options): string;
}

const commonShape = {
  name: name.optional().describe("The probe's name (its `probe` label); default: kind#index."),
  shell: z.boolean().default(false).describe('command: run the command through /bin/sh -c (needed for pipes, globs, &&).'),
  every: duration.prefault('10s').describe('How often the probe runs, start to start.'),
  timeout: duration.optional().describe('How long one check may take (default 5s, or `every` when shorter).'),
  retries: z.number().int().min(0).max(100).default(1).describe('Failed checks in a row (after the first) before the probe is down; until then it is pending.'),
  retry_every: duration.optional().describe('How often a failing probe is checked again (default every/4, at least 1s).'),
  paused: z.boolean().default(false).describe('Not checked until resumed (from the console or here).'),
  /**
   * What a failure does, as Kubernetes separates liveness from readiness probes: `liveness`
   * gates readiness and restarts the service when it fails (with restart.on_probe_failure);
   * `readiness` gates readiness only (dependents wait, the status says so) and never restarts
   * it — for checks that also fail when something else is at fault (a dependency, a full queue).
   */
  role: z
    .enum(['liveness', 'readiness'], { error: 'expected liveness (a failure restarts the service) or readiness (it only gates readiness, never restarts)' })
    .default('liveness')
    .describe('liveness: a failure restarts the service; readiness: a failure only gates readiness (dependents wait), never restarts it.'),
  expect: expectation.default({}).describe('What a passing check looks like; which keys apply depends on the kind.'),
  /**
   * Where the check runs: names of this console's agents (`zervigo agents list`) and `local` for
   * this engine. Each place checks on its own, its series labelled from="<place>"; a probe run on
   * an agent only gates readiness (another host's view never restarts the service here).
   */
  from: z
    .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'agent names use letters, digits, "-", "_" and "." (at most 63)'))
    .min(1, 'name at least one agent, or leave `from` out to check from here')
    .refine((places) => new Set(places).size === places.length, 'an agent is named twice')
    .optional()
    .describe('Run the check on these agents (names from `zervigo agents list`; `local` for this engine): "is it reachable from the other data centre".'),
};

type CommonProbe = z.output<z.ZodObject<typeof commonShape>>;

/**
 * One probe as validated: the keys every probe has, its kind (the key it was written under) and,
 * under that key, the kind's options (typed by the kind that reads them). `plugin` is set by the
 * parser from a plugin's kind key.
 */
export type ProbeConfig = Omit<CommonProbe, 'timeout'> & {
  timeout: number;
  /** The key the probe was written under. */
  kind: string;
  /** Its target in one line (its kind's `describe`). */
  target: string;
  plugin?: PluginProbeOptions;
  /** The probe as written (after ${VAR} substitution, without `from`): what an agent that runs it is sent. */
  source?: Record<string, unknown>;
  [kindKey: string]: unknown;
};

/**
 * One probe: exactly one kind key (http, tcp, ... as the registry has them) with its options,
 * plus the scheduling keys shared by all kinds. Built once per set of kinds.
 */
export function probeSchemaFor(kinds: readonly ProbeKindSchema[]): z.ZodType<ProbeConfig, unknown> {
  const cached = schemas.get(kinds);
  if (cached !== undefined) return cached;
  const byKey = new Map(kinds.map((kind) => [kind.kind, kind]));
  const keys = kinds.map((kind) => kind.kind);
  const kindFields = Object.fromEntries(kinds.map((kind) => [kind.kind, kind.schema.optional().describe(kind.summary)]));
  const summaries = Object.fromEntries(kinds.filter((kind) => kind.internal !== true).map((kind) => [kind.kind, kind.summary]));
  const { name: nameField, ...rest } = commonShape;
  const schema = z
    .strictObject({ name: nameField, ...kindFields, ...rest })
    .check(exactlyOneOf(keys, 'a probe'))
    .meta(kindsAsOneOf(summaries))
    .check((ctx) => {
      const probe = ctx.value as CommonProbe & Record<string, unknown>;
      if (probe.timeout !== undefined && probe.timeout > probe.every) {
        ctx.issues.push({ code: 'custom', input: probe, path: ['timeout'], message: 'timeout is longer than the interval (every)' });
      }
      if (probe.every < 100) ctx.issues.push({ code: 'custom', input: probe, path: ['every'], message: 'probes run at most every 100ms' });
      const key = keys.find((candidate) => probe[candidate] !== undefined);
      const kind = key === undefined ? undefined : byKey.get(key);
      if (kind === undefined) return;
      const options = probe[kind.kind];
      for (const problem of kind.validate?.(options, probe) ?? []) {
        const path = problem.path[0] === 'expect' ? problem.path : [kind.kind, ...problem.path];
        ctx.issues.push({ code: 'custom', input: options, path, message: problem.message });
      }
      const allowed = kind.expects;
      for (const expectKey of Object.keys(probe.expect) as ExpectKey[]) {
        if (probe.expect[expectKey] === undefined || allowed.includes(expectKey)) continue;
        const custom = kind.expectProblem?.(expectKey, options);
        const fits = kinds.filter((other) => other.expects.includes(expectKey)).map((other) => other.kind);
        ctx.issues.push({
          code: 'custom',
          input: probe.expect[expectKey],
          path: ['expect', expectKey],
          message:
            custom ??
            `${expectKey} applies to ${fits.join(' and ')} probes, not to ${kind.kind} probes${allowed.length > 0 ? ` (a ${kind.kind} probe can expect: ${allowed.join(', ')})` : ''}`,
        });
      }
    })
    // Unless given, the timeout is 5 s, or the interval when that is shorter; `kind` and `target` say what it checks.
    .transform((probe) => {
      const kind = kinds.find((candidate) => (probe as Record<string, unknown>)[candidate.kind] !== undefined);
      return {
        ...probe,
        kind: kind?.kind ?? '',
        target: kind?.describe((probe as Record<string, unknown>)[kind.kind]) ?? '',
        timeout: probe.timeout ?? Math.min(DEFAULT_TIMEOUT_MS, probe.every),
      };
    }) as unknown as z.ZodType<ProbeConfig, unknown>;
  schemas.set(kinds, schema);
  return schema;
}

const schemas = new WeakMap<readonly ProbeKindSchema[], z.ZodType<ProbeConfig, unknown>>();

/** Filled by the parser from a plugin's kind key (`redis: {...}`); its options are checked against the plugin's JSON Schema. */
export const pluginProbeOptions = z.strictObject({
  kind: z.string().min(1).describe('The probe kind.'),
  plugin: z.string().min(1).describe('The plugin that contributes it.'),
  options: z.unknown().describe("The kind's options, checked against the plugin's JSON Schema."),
});
export type PluginProbeOptions = z.infer<typeof pluginProbeOptions>;

/** A built-in kind, or the kind a plugin contributes. */
export function probeKindOf(probe: ProbeConfig): string {
  return probe.plugin?.kind ?? probe.kind;
}

/** Workspace-wide settings of the probe scheduler. */
export const monitoringSchema = z.strictObject({
  /** Checks running at once, across all probes; more wait their turn, fairly across services. */
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(64)
    .describe('Checks running at once across all probes; more wait their turn, fairly across services.'),
});
