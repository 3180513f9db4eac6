import { afterEach } from 'vitest';
import type { CheckResult, ProbeCheck } from '../../src/core/monitoring/check-result';
import { HttpAgents } from '../../src/core/monitoring/http-agents';
import { builtinKinds } from '../../src/core/builtin-kinds';
import { probeSchemaFor, type ProbeConfig } from '../../src/core/config/schema';

const agentSets: HttpAgents[] = [];
afterEach(async () => {
  for (const agents of agentSets.splice(0)) await agents.close();
});

/** Shared undici agents for one test, closed after it. */
export function testAgents(): HttpAgents {
  const agents = new HttpAgents();
  agentSets.push(agents);
  return agents;
}

/** A probe as the workspace file would declare it (validated by the real schema). */
export function probeConfig(input: Record<string, unknown>): ProbeConfig {
  return probeSchemaFor(builtinKinds.probes).parse(input);
}

/** Runs one check the way the scheduler does: aborted at the timeout, with a short grace to settle. */
export async function runCheck(check: ProbeCheck, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let stuck: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(controller.signal),
      new Promise<CheckResult>((_, reject) => {
        stuck = setTimeout(() => reject(new Error(`the check did not settle within 2 s of its ${timeoutMs} ms timeout`)), timeoutMs + 2_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    clearTimeout(stuck);
  }
}

export function sampleValue(result: CheckResult, name: string): number | undefined {
  return result.samples.find((sample) => sample.name === name)?.value;
}
