import type { NoticeInsight } from '../../shared/types/insights';
import { LEARNING_SAMPLES } from './anomaly/anomaly-detector';

/** Series named in the notice at most; the rest are counted. */
const EXAMPLES = 3;

/** A selected series whose latest sample got no score because its detector has not seen enough yet. */
export interface LearningSeries {
  selector: string;
  /** The detector's words: "learning this series (42 of 100 samples)", "a counter needs two samples for a rate". */
  reason: string;
}

/**
 * The notice that says which selected series have no anomaly score yet and why: a series that
 * sent one sample (or stopped before its 100th) has no anomaly_score at all, and a state like this
 * lasts as long as the series stays quiet, so it is told from the series' state, not as an event.
 */
export function learningNotice(series: Iterable<LearningSeries>, now: number): NoticeInsight | null {
  let count = 0;
  const named: string[] = [];
  for (const one of series) {
    count++;
    if (named.length < EXAMPLES) named.push(`${one.selector} (${one.reason.replace(/^learning this series \((.*)\)$/, '$1')})`);
  }
  if (count === 0) return null;
  const subject = count === 1 ? '1 selected series has' : `${count.toLocaleString('en-US')} selected series have`;
  return {
    kind: 'notice',
    id: 'notice-learning',
    at: now,
    summary: `${subject} no anomaly score yet: each is scored from its ${LEARNING_SAMPLES}th sample on, once its usual behaviour is learned — ${count === 1 ? '' : 'first '}${named.join(', ')}${count > named.length ? ', …' : ''}`,
  };
}
