import type { NoticeInsight } from '../../shared/types/insights';
import { LEARNING_SAMPLES } from './anomaly/anomaly-detector';

/** Series named in the notice at most; the rest are counted. */
const EXAMPLES = 3;

/** A selected series whose latest sample got no score because its detector has not seen enough yet. */
export interface LearningSeries {
  selector: string;
  /** Its service label, or null. */
  service: string | null;
  /** The detector's words: "learning this series (42 of 100 samples)", "a counter needs two samples for a rate". */
  reason: string;
}

/** How many series a sentence counts, and the first it names. */
interface Counted {
  count: number;
  named: string[];
}

/**
 * The notice that says which selected series have no anomaly score yet and why: a series that
 * sent one sample (or stopped before its 100th) has no anomaly_score at all, and a state like this
 * lasts as long as the series stays quiet, so it is told from the series' state, not as an event.
 * Each service's part counts and names only its series (as many parts as services, each naming three).
 */
export function learningNotice(series: Iterable<LearningSeries>, now: number): NoticeInsight | null {
  const all: Counted = { count: 0, named: [] };
  const byService = new Map<string, Counted>();
  for (const one of series) {
    // Worded only for the series a sentence names.
    const named = (): string => `${one.selector} (${one.reason.replace(/^learning this series \((.*)\)$/, '$1')})`;
    count(all, named);
    if (one.service === null) continue;
    let share = byService.get(one.service);
    if (share === undefined) {
      share = { count: 0, named: [] };
      byService.set(one.service, share);
    }
    count(share, named);
  }
  if (all.count === 0) return null;
  return {
    kind: 'notice',
    id: 'notice-learning',
    at: now,
    summary: sentence(all),
    services: [...byService].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([service, share]) => ({ service, summary: sentence(share) })),
  };
}

function count(counted: Counted, named: () => string): void {
  counted.count++;
  if (counted.named.length < EXAMPLES) counted.named.push(named());
}

function sentence({ count, named }: Counted): string {
  const subject = count === 1 ? '1 selected series has' : `${count.toLocaleString('en-US')} selected series have`;
  return `${subject} no anomaly score yet: each is scored from its ${LEARNING_SAMPLES}th sample on, once its usual behaviour is learned — ${count === 1 ? '' : 'first '}${named.join(', ')}${count > named.length ? ', …' : ''}`;
}
