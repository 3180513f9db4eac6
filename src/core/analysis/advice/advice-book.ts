import { performance } from 'node:perf_hooks';
import type { AdviceInsight, AdviceKind } from '../../../shared/types/insights';
import type { WorkspaceConfig } from '../../config/schema';
import type { Logger } from '../../logger';
import type { Database } from '../../store/database';
import type { SeriesStore } from '../../store/series-store';
import type { Advisor } from './advice-context';
import { AdviceDismissals } from './advice-dismissals';
import { AdviceHistory } from './advice-history';
import { alertFlappingAdvice } from './alert-flapping-advice';
import { logPatternAdvice } from './log-pattern-advice';
import { memoryGrowthAdvice } from './memory-growth-advice';
import { probeIntervalAdvice } from './probe-interval-advice';
import { probeTimeoutAdvice } from './probe-timeout-advice';
import { restartBudgetAdvice } from './restart-budget-advice';
import { unprobedPortAdvice } from './unprobed-port-advice';

export const ADVISORS: Record<AdviceKind, Advisor> = {
  'alert-flapping': alertFlappingAdvice,
  'probe-timeout': probeTimeoutAdvice,
  'memory-growth': memoryGrowthAdvice,
  'restart-budget': restartBudgetAdvice,
  'probe-interval': probeIntervalAdvice,
  'unprobed-port': unprobedPortAdvice,
  'log-pattern': logPatternAdvice,
};

export interface AdviceBookDeps {
  db: Database;
  series: SeriesStore;
  logger: Logger;
  listeningPorts: (service: string) => number[] | null;
}

/**
 * The current advice: every advisor run over the store on a slow cadence (the analysis module
 * calls `refresh` every few minutes and when the workspace changes), dismissed advice left out.
 * A round reads downsampled series and indexed timelines, so its cost grows with the number of
 * services and probes, not with samples; `lastRoundMs` says what the last one cost.
 */
export class AdviceBook {
  private readonly history: AdviceHistory;
  private readonly dismissals: AdviceDismissals;
  private current: AdviceInsight[] = [];
  /** Wall time of the last round, for the notice and the README's figure (not for logic). */
  lastRoundMs = 0;

  constructor(private readonly deps: AdviceBookDeps) {
    this.history = new AdviceHistory(deps.db);
    this.dismissals = new AdviceDismissals(deps.db);
  }

  /** Works the advice out again; true when the list changed. */
  refresh(config: WorkspaceConfig, now: number): boolean {
    const started = performance.now();
    const context = { now, config, series: this.deps.series, history: this.history, listeningPorts: this.deps.listeningPorts };
    const next: AdviceInsight[] = [];
    for (const [kind, advisor] of Object.entries(ADVISORS)) {
      try {
        next.push(...advisor(context));
      } catch (error) {
        this.deps.logger.error({ err: error, advice: kind }, 'analysis: working out advice failed');
      }
    }
    this.lastRoundMs = performance.now() - started;
    const before = signature(this.list());
    this.current = next;
    return signature(this.list()) !== before;
  }

  list(): AdviceInsight[] {
    return this.current.filter((advice) => !this.dismissals.has(advice.id));
  }

  get(id: string): AdviceInsight | undefined {
    return this.list().find((advice) => advice.id === id);
  }

  dismiss(id: string, at: number, by: string): void {
    this.dismissals.dismiss(id, at, by);
  }
}

function signature(list: readonly AdviceInsight[]): string {
  return list.map((advice) => `${advice.id}\u0000${advice.apply?.change ?? ''}`).join('\n');
}
