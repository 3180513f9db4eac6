import type { IncidentCause } from '../../../shared/types/incidents';
import { causeKey } from './cause-ranking';

/**
 * A new ranking keeps the previous order between two causes whose scores are close. On a loaded
 * machine the victims' probes wobble from one ranking to the next, and minor candidates swapped
 * places every few seconds long after the cause was clear: an operator saw the list reshuffle on
 * noise. A cause moves above one it was below (or a new one above one already listed) only when
 * it leads by more than `margin` of the top cause's score.
 */
export const ORDER_MARGIN = 0.1;

export function steadyOrder(previous: readonly IncidentCause[], next: readonly IncidentCause[], margin = ORDER_MARGIN): IncidentCause[] {
  const placeBefore = new Map(previous.map((cause, place) => [causeKey(cause), place] as const));
  const wasPlaced = (cause: IncidentCause): number => placeBefore.get(causeKey(cause)) ?? Number.POSITIVE_INFINITY;
  const tolerance = margin * (next[0]?.score ?? 0);
  const order = [...next];
  // Each swap puts one pair back in its previous order (one inversion fewer), so this ends.
  for (let swapped = true; swapped;) {
    swapped = false;
    for (let i = 0; i + 1 < order.length; i++) {
      const upper = order[i] as IncidentCause;
      const lower = order[i + 1] as IncidentCause;
      if (wasPlaced(lower) < wasPlaced(upper) && upper.score - lower.score <= tolerance) {
        order[i] = lower;
        order[i + 1] = upper;
        swapped = true;
      }
    }
  }
  return order;
}
