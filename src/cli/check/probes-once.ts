import BetterSqlite3 from 'better-sqlite3';
import type { WorkspaceConfig } from '../../core/config/schema';
import { systemClock } from '../../core/clock';
import { failed, type CheckResult } from '../../core/monitoring/check-result';
import { formatSpan } from '../../core/monitoring/format-span';
import { HttpAgents } from '../../core/monitoring/http-agents';
import { buildProbes, type MonitoredProbe } from '../../core/monitoring/probe-factory';
import { ProbeScheduler } from '../../core/monitoring/scheduler';
import { migrate } from '../../core/store/migrations';
import { SeriesIndex } from '../../core/store/series-index';
import type { ProbeResult } from '../../shared/check/check-report';
import { createProbeKindRegistry } from '../../core/monitoring/probe-kinds';

export interface ProbesOnceOptions {
  workspaceDir: string;
  processEnv: NodeJS.ProcessEnv;
  /** Only these services' probes. */
  services: ReadonlySet<string>;
}

/**
 * Every probe of the chosen services checked once, in parallel under the workspace's
 * `monitoring.concurrency`, by the engine's own probe kinds and scheduler (timeouts, the
 * abort grace, turns per service): the same checks a running console makes. A failed check
 * is down here: a one-shot check has no later check to retry with.
 */
export async function checkProbesOnce(config: WorkspaceConfig, options: ProbesOnceOptions): Promise<Map<string, ProbeResult>> {
  // Probe series are looked up only when a result is stored, which a one-shot check never does.
  const scratch = new BetterSqlite3(':memory:');
  migrate(scratch);
  const agents = new HttpAgents();
  const probes = buildProbes(
    { ...config, machine: false },
    {
      index: new SeriesIndex(scratch),
      agents,
      workspaceDir: options.workspaceDir,
      processEnv: options.processEnv,
      pidOf: () => null,
      probeKinds: createProbeKindRegistry(),
      onMachineSample: () => undefined,
    },
  ).filter((probe) => probe.service !== null && options.services.has(probe.service));
  const results = new Map<string, ProbeResult>();
  for (const probe of probes) if (probe.paused) results.set(probe.id, resultOf(probe, 'paused', 'paused in the workspace (paused: true)', null, null));
  const wanted = probes.filter((probe) => !probe.paused);
  const scheduler = new ProbeScheduler<CheckResult>({
    clock: systemClock,
    concurrency: config.monitoring.concurrency,
    spreadMs: 0,
    timedOut: (_probe, timeoutMs) => failed(`no result within ${formatSpan(timeoutMs)} (timeout)`, timeoutMs),
    crashed: (_probe, error) => failed(`the check failed: ${error instanceof Error ? error.message : String(error)}`, 0),
  });
  try {
    if (wanted.length > 0) {
      await new Promise<void>((resolve) => {
        // The scheduler's timers do not hold the process open; this does, until the last result.
        const keepAlive = setInterval(() => undefined, 60_000);
        scheduler.onResult((probe, result, state) => {
          if (results.has(probe.id)) return;
          results.set(probe.id, resultOf(probe as MonitoredProbe, result.ok ? 'up' : 'down', result.reason, result.durationMs, state.lastCheckAt));
          if (results.size === probes.length) {
            clearInterval(keepAlive);
            resolve();
          }
        });
        scheduler.set(wanted);
      });
    }
  } finally {
    scheduler.stop();
    await agents.close();
    scratch.close();
  }
  return results;
}

function resultOf(
  probe: MonitoredProbe,
  status: ProbeResult['status'],
  reason: string | null,
  latencyMs: number | null,
  checkedAt: number | null,
): ProbeResult {
  return {
    id: probe.id,
    kind: probe.kind,
    target: probe.target,
    status,
    reason,
    latencyMs: latencyMs === null ? null : Math.round(latencyMs * 10) / 10,
    checkedAt,
  };
}
