import type { WorkspaceQuotas } from '../shared/types/hosted-workspaces';
import type { ActiveWorkspace } from './config/active-workspace';
import { withinLogQuota } from './config/workspace-quotas';
// Type-only: each round names the engine's parts it goes over; the engine calls the rounds (no runtime cycle).
import type { Engine } from './engine';
import { workspaceDir } from './lifecycle/service-spec';

/** A part the engine stops: some stop at once, some wait for what they run to end. */
interface Stoppable {
  stop(): unknown;
}

/**
 * The order a workspace is applied in. Scaled counts (kept across restarts) first: monitoring
 * builds each replica's probes from them.
 */
export function applyWorkspaceInOrder(
  engine: Pick<
    Engine,
    'series' | 'services' | 'operate' | 'monitoring' | 'logs' | 'fleet' | 'notify' | 'rules' | 'analysis' | 'autoscaler' | 'jobs' | 'deploys'
  >,
  active: ActiveWorkspace,
  quotas: WorkspaceQuotas | undefined,
): void {
  const retention = active.config.storage.retention;
  engine.series.setRetention({ rawMs: retention.raw, oneMinuteMs: retention['1m'], oneHourMs: retention['1h'] });
  engine.services.setWorkspace(active);
  engine.operate.manager.reconcileScaled(active.config);
  engine.monitoring.applyWorkspace(active);
  engine.logs.applyWorkspace({ ...active, config: withinLogQuota(active.config, quotas) });
  engine.fleet.apply(active);
  applyAlerting(engine, active);
  engine.analysis.applyWorkspace(active);
  engine.operate.apply(active);
  engine.autoscaler.apply(active.config.services);
  const dir = workspaceDir(active);
  engine.jobs.apply({ config: active.config, environment: active.environment, dir });
  engine.deploys.apply({ config: active.config, environment: active.environment, dir });
}

/** Notify learns its routes before rules hand out the round of the new rule set; the fleet adds its own (AgentDown, own_routing). */
export function applyAlerting(engine: Pick<Engine, 'fleet' | 'notify' | 'rules'>, active: ActiveWorkspace): void {
  const alerting = engine.fleet.alertingWorkspace(active);
  engine.notify.applyWorkspace(alerting);
  engine.rules.applyWorkspace(alerting);
}

/**
 * One tick: the samples collected since the last are written in one transaction, then insights
 * and incidents follow (not while stopping: the last tick only writes).
 */
export function tickInOrder(engine: Pick<Engine, 'monitoring' | 'logs' | 'series' | 'analysis' | 'incidents' | 'bus' | 'logger'>, stopping: boolean): void {
  engine.monitoring.tick();
  try {
    engine.logs.tick();
    engine.series.writer.flush();
  } catch (error) {
    engine.logger.error({ err: error }, 'writing samples failed');
  }
  // However many anomalies began or ended in this tick, subscribers hear once.
  if (engine.analysis.takeChanged()) engine.bus.emit('insights.changed', engine.analysis.list());
  engine.analysis.syncAlerts();
  if (stopping) return;
  engine.incidents.track();
  if (engine.incidents.takeChanged()) engine.bus.emit('incidents.changed', engine.incidents.list(50));
}

/** Rollups and retention; sliced so a large prune never blocks the event loop for long. A failure is logged, never thrown. */
export async function maintainInOrder(engine: Pick<Engine, 'auth' | 'db' | 'oncall' | 'series' | 'analysis' | 'clock' | 'logger'>): Promise<void> {
  try {
    // A shared Auth is pruned by its server.
    if (engine.auth.store.db === engine.db) engine.auth.prune();
    engine.oncall.escalator.prune();
    await engine.series.maintain(engine.clock.now(), () => new Promise((resolve) => setImmediate(resolve)));
    await engine.analysis.saveStates(engine.clock.now());
  } catch (error) {
    engine.logger.error({ err: error }, 'rollup or retention failed');
  }
}

/**
 * Stops the parts in order (safe once the workspace is closed): before the last samples are
 * written (`flush`, the engine's last tick), the parts that write: jobs and deploys first (their
 * processes stopped and their runs recorded as ended), then operate, whose services' last output
 * goes to logs and give-ups to alerting. After it, the parts that read what was written, then
 * alerting and delivery last. The database closes after them.
 */
export async function stopInOrder(engine: StoppingParts, locks: { dispose(): void }, flush: () => void): Promise<void> {
  engine.workspace.close();
  const order = stopOrder(engine, locks);
  for (const part of order.beforeFlush) await part.stop();
  flush();
  for (const part of order.afterFlush) await part.stop();
  engine.db.close();
}

/** A start that failed: nothing ran yet, so each part (the same list) is told to stop without waiting, and the database closes. */
export function abandonInOrder(engine: StoppingParts, locks: { dispose(): void }): void {
  engine.workspace.close();
  const order = stopOrder(engine, locks);
  for (const part of [...order.beforeFlush, ...order.afterFlush]) void part.stop();
  engine.db.close();
}

type StoppingParts = Pick<
  Engine,
  | 'workspace'
  | 'db'
  | 'jobs'
  | 'deploys'
  | 'autoscaler'
  | 'operate'
  | 'plugins'
  | 'monitoring'
  | 'incidents'
  | 'logs'
  | 'analysis'
  | 'rules'
  | 'fleet'
  | 'oncall'
  | 'notify'
>;

/** The order parts stop in, one list for a stop and a start that fails. */
function stopOrder(engine: StoppingParts, locks: { dispose(): void }): { beforeFlush: Stoppable[]; afterFlush: Stoppable[] } {
  return {
    beforeFlush: [
      engine.jobs,
      engine.deploys,
      engine.autoscaler,
      { stop: () => locks.dispose() },
      engine.operate,
      engine.plugins,
      engine.monitoring,
      engine.incidents,
      engine.logs,
    ],
    afterFlush: [engine.analysis, engine.rules, engine.fleet, engine.oncall.escalator, engine.notify],
  };
}
