import { isNewPattern, type LogPatternView, type LogStats } from '../../shared/types/logs';
import type { PatternRecord } from './mining/pattern-miner';
import { levelName } from './parse/level';
import type { LogSearch } from './store/log-search';

/** A pattern as the contract shows it; `now` (the engine's clock) decides whether it is still new. */
export function patternView(record: PatternRecord, now: number): LogPatternView {
  return {
    id: record.id,
    service: record.service,
    template: record.template,
    level: levelName(record.level),
    count: record.count,
    firstSeen: record.firstSeen,
    lastSeen: record.lastSeen,
    new: isNewPattern(record.firstSeen, now),
  };
}

/** Lines and error rates per service and the busiest patterns over [since, until]. */
export function logStats(search: LogSearch, pattern: (id: number) => PatternRecord | undefined, since: number, until: number, top: number): LogStats {
  const stats = search.stats(since, top);
  const topPatterns = stats.patterns.flatMap(({ id, recent }) => {
    const record = pattern(id);
    return record === undefined ? [] : [{ ...patternView(record, until), recent }];
  });
  return { since, until, services: stats.services, topPatterns };
}
