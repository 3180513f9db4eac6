import { z } from 'zod';
import { failed, since, type CheckResult, type ProbeCheck } from '../check-result';

/**
 * Asks the plugin that contributes `kind` for one check; rejects with a reason naming the plugin
 * when it is down, refuses, or does not answer within `timeoutMs`. A port from engine.ts, because
 * probes may not import plugins.
 */
export type PluginProbeCall = (kind: string, options: unknown, timeoutMs: number) => Promise<unknown>;

const answer = z.object({
  ok: z.boolean(),
  reason: z.string().max(2_000).optional(),
  samples: z
    .array(z.object({ name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/), value: z.number(), labels: z.record(z.string(), z.string()).optional() }))
    .max(1_000)
    .optional(),
});

/** A probe of a plugin's kind: one call per check, its answer read like a built-in check's result. */
export function createPluginCheck(kind: string, plugin: string, options: unknown, timeoutMs: number, call: PluginProbeCall): ProbeCheck {
  return async (signal) => {
    const started = performance.now();
    // The host times the call out itself; the abort only lets the scheduler move on at once.
    const aborted = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(new Error(`plugin ${plugin} did not answer probe.check ${kind} within ${timeoutMs} ms`)), { once: true }),
    );
    aborted.catch(() => undefined);
    let value: unknown;
    try {
      value = await Promise.race([call(kind, options, timeoutMs), aborted]);
    } catch (error) {
      return failed((error as Error).message, since(started));
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
