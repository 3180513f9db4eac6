import type { AdviceInsight } from '../../../shared/types/insights';
import { formatMs, seriesWith, type AdviceContext } from './advice-context';

/** Give-ups within this window… */
const WINDOW_MS = 24 * 3_600_000;
/** …this many times is "repeatedly": restarting is not what this service needs. */
const MIN_GIVE_UPS = 2;

/**
 * A service that spent its restart budget repeatedly: self-healing keeps restarting something
 * restarts do not fix. The advice names each give-up and its reason; nothing in the workspace
 * would fix the cause, so there is nothing to apply.
 */
export function restartBudgetAdvice(context: AdviceContext): AdviceInsight[] {
  const out: AdviceInsight[] = [];
  const from = context.now - WINDOW_MS;
  for (const [service, giveUps] of context.history.giveUps(from)) {
    if (giveUps.length < MIN_GIVE_UPS || context.config.services[service] === undefined) continue;
    const budget = context.config.services[service].restart.budget;
    const last = giveUps.at(-1) as { at: number; message: string | null };
    const charts = ['probe_success', 'process_resident_memory_bytes']
      .flatMap((name) => seriesWith(context, name, { service }).slice(0, 1))
      .map((series) => ({ title: series.key, query: series.key, unit: series.name === 'probe_success' ? ('count' as const) : ('bytes' as const) }));
    out.push({
      kind: 'advice',
      id: `restart-budget:${service}`,
      advice: 'restart-budget',
      service,
      at: context.now,
      title: `${service} exhausted its restart budget ${giveUps.length} times`,
      summary: `${service} gave up ${giveUps.length} times in ${formatMs(WINDOW_MS)} (budget ${budget.restarts} within ${formatMs(budget.windowMs)}): restarts do not fix what fails. Last: ${last.message ?? 'no reason recorded'}. Look at its logs before each give-up rather than raising the budget.`,
      facts: [
        { name: 'give_ups', value: giveUps.length, unit: 'count', text: `${giveUps.length} give-ups in ${formatMs(WINDOW_MS)}` },
        { name: 'budget_restarts', value: budget.restarts, unit: 'count', text: `budget ${budget.restarts} restarts within ${formatMs(budget.windowMs)}` },
        ...giveUps.map((giveUp, i) => ({
          name: `give_up_${i + 1}`,
          value: giveUp.at,
          unit: 'epoch_ms' as const,
          text: `gave up at ${new Date(giveUp.at).toISOString()}`,
        })),
      ],
      charts,
      from,
      to: context.now,
      apply: null,
    });
  }
  return out;
}
