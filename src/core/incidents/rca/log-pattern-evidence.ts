/**
 * Log patterns as candidates: an error pattern never seen before the onset, or one whose rate
 * jumped (a burst), in a service with a symptom or a neighbour of one. The miner (logs/mining)
 * finds the patterns; this only judges them against the incident's timing.
 */
export interface PatternRecord {
  id: number;
  service: string;
  template: string;
  firstSeen: number;
  lastSeen: number;
  /** Lines since the baseline ended, and in the baseline (same length of time), when known. */
  recentCount: number;
  baselineCount: number;
}

export interface PatternScore {
  pattern: PatternRecord;
  score: number;
  reason: string;
}

/** New within this long before the onset still counts as "new with the incident". */
export const PATTERN_LEAD_MS = 5 * 60_000;
/** The most a pattern scores: a new one, many lines, in a service with a symptom. */
export const NEW_PATTERN_SCORE = 0.7;

export function scorePatterns(patterns: readonly PatternRecord[], onset: number, relevant: ReadonlySet<string>): PatternScore[] {
  const scored: PatternScore[] = [];
  for (const pattern of patterns) {
    if (pattern.recentCount === 0) continue;
    const isNew = pattern.firstSeen >= onset - PATTERN_LEAD_MS;
    const burst = !isNew && pattern.recentCount >= 5 * Math.max(1, pattern.baselineCount);
    if (!isNew && !burst) continue;
    const weight = relevant.has(pattern.service) ? 1 : 0.4;
    const volume = 1 - Math.exp(-pattern.recentCount / 5);
    const score = (isNew ? NEW_PATTERN_SCORE : 0.55) * weight * (0.5 + 0.5 * volume);
    const reason = isNew
      ? `a new error pattern in ${pattern.service}, first seen ${pattern.firstSeen <= onset ? 'before' : 'after'} the onset, ${pattern.recentCount} line${pattern.recentCount === 1 ? '' : 's'} since`
      : `a burst in ${pattern.service}: ${pattern.recentCount} lines against ${pattern.baselineCount} before`;
    scored.push({ pattern, score, reason });
  }
  return scored.sort((a, b) => b.score - a.score);
}
