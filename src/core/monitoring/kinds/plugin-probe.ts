import { z } from 'zod';
import { pluginProbeOptions, type PluginProbeOptions } from '../../config/schema';
import { failed, since, type CheckResult, type ProbeCheck } from '../check-result';
import type { ProbeKind } from '../probe-kind';

/**
 * Asks the plugin that contributes `kind` for one check; rejects with a reason naming the plugin
 * when it is down, refuses, or does not answer within `timeoutMs` (the plugin's deadline) plus
 * `graceMs` (time for its own late answer to arrive). A port from engine.ts, because probes may
 * not import plugins.
 */
export type PluginProbeCall = (kind: string, options: unknown, timeoutMs: number, graceMs: number) => Promise<unknown>;

const answer = z.object({
  ok: z.boolean(),
  reason: z.string().max(2_000).optional(),
  samples: z
    .array(z.object({ name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/), value: z.number(), labels: z.record(z.string(), z.string()).optional() }))
    .max(1_000)
    .optional(),
});

/**
 * The kinds plugins contribute, as one entry: the parser moves a plugin's `<kind>: {...}` key into
 * the probe's `plugin` field (with the plugin's name and the options, checked against its JSON
 * Schema), and each check is a call into that plugin's process.
 */
export const pluginProbe: ProbeKind<PluginProbeOptions> = {
  kind: 'plugin',
  summary: "Set by Zervigo from a plugin's probe kind key: write `<kind>: { ... }` instead.",
  schema: pluginProbeOptions,
  internal: true,
  expects: [],
  // A plugin's kind says what passing means through its own options; expect is for built-ins.
  expectProblem: (_key, options) => `expect does not apply to ${options.kind} probes (from plugin ${options.plugin}): their options say what passing means`,
  describe: (options) => pluginTarget(options.options) ?? `${options.kind} (plugin ${options.plugin})`,
  createCheck: (options, context) => {
    const call = context.pluginProbe ?? (() => Promise.reject(new Error(`plugin ${options.plugin}: plugins do not run here`)));
    return createPluginCheck(options.kind, options.plugin, options.options, context.probe.timeoutMs, call);
  },
};

/** A plugin probe's target, where its options name one the usual way (a dns probe names what it resolves). */
function pluginTarget(options: unknown): string | null {
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || options === null) return null;
  const named = ['url', 'address', 'host', 'target', 'name'].map((key) => (options as Record<string, unknown>)[key]).find((value) => typeof value === 'string');
  return named ?? null;
}

/**
 * How long past the probe's timeout a plugin's own answer is still awaited (by the host's call and by
 * the check after the scheduler's abort): a plugin that gave up at its own deadline on a busy machine
 * reports why ("no answer from 127.0.0.1:3306 within 800 ms") rather than the host's "did not answer".
 * Below the scheduler's grace after the abort (250 ms), so the check still settles before it is called timed out.
 */
export const PLUGIN_ANSWER_GRACE_MS = 150;

/** A probe of a plugin's kind: one call per check, its answer read like a built-in check's result. */
export function createPluginCheck(kind: string, plugin: string, options: unknown, timeoutMs: number, call: PluginProbeCall): ProbeCheck {
  return async (signal) => {
    const started = performance.now();
    // The host times the call out itself; after the abort the plugin's own answer is awaited a moment
    // more, then the scheduler is let move on.
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const aborted = new Promise<never>((_, reject) =>
      signal.addEventListener(
        'abort',
        () => {
          graceTimer = setTimeout(
            () => reject(new Error(`plugin ${plugin} did not answer probe.check ${kind} within ${timeoutMs} ms`)),
            PLUGIN_ANSWER_GRACE_MS,
          );
        },
        { once: true },
      ),
    );
    aborted.catch(() => undefined);
    let value: unknown;
    try {
      value = await Promise.race([call(kind, options, timeoutMs, PLUGIN_ANSWER_GRACE_MS), aborted]);
    } catch (error) {
      return failed((error as Error).message, since(started));
    } finally {
      clearTimeout(graceTimer);
    }
    const parsed = answer.safeParse(value);
    if (!parsed.success)
      return failed(`plugin ${plugin} answered the ${kind} check with something that is not a result ({ ok, reason?, samples? })`, since(started));
    const durationMs = since(started);
    const samples = parsed.data.samples ?? [];
    return parsed.data.ok
      ? ({ ok: true, reason: null, durationMs, samples } satisfies CheckResult)
      : failed(parsed.data.reason ?? `plugin ${plugin}: the check failed`, durationMs, samples);
  };
}
