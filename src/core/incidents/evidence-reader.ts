import { selectorOf } from '../analysis/series-selection';
import type { Database } from '../store/database';
import type { SeriesStore } from '../store/series-store';
import type { PatternRecord } from './rca/log-pattern-evidence';
import { deviationBeforeOwnChange } from './rca/own-baseline';
import { counterIncreases, robustDeviation, type Deviation, type Samples } from './rca/robust-deviation';
import { seriesRole } from './rca/series-role';
import type { SeriesEvidence } from './rca/cause-ranking';

/**
 * Reads what the ranking compares from the store: each service's series, split before its own
 * change (or, when it did not change, before the onset) into a baseline and the stretch since, and the error patterns the log miner saw around it.
 */

/** Series the analysis part writes about other series, and per-pattern counters (patterns are judged on their own). */
const DERIVED = new Set(['anomaly_score', 'forecast_seconds_until', 'log_pattern_lines_total', 'process_uptime_seconds']);
const MAX_SERIES_PER_SERVICE = 60;
/** The baseline: up to this long before the onset, ending `lead` before it. */
export const BASELINE_MS = 15 * 60_000;
/** How long before the alert a fault may already have begun (a rule's `for:`), longest first; shorter when history is short. */
export const LEADS_MS = [120_000, 30_000, 10_000];

export interface ServiceSeries {
  series: SeriesEvidence[];
  /** Whether at least one series had enough history before the onset. */
  hadBaseline: boolean;
}

export function serviceSeries(store: SeriesStore, service: string, onset: number, now: number): ServiceSeries {
  const infos = store.index
    .select(null, [{ name: 'service', type: '=', value: service }])
    .filter((info) => !DERIVED.has(info.name))
    .slice(0, MAX_SERIES_PER_SERVICE);
  const series: SeriesEvidence[] = [];
  let hadBaseline = false;
  for (const info of infos) {
    const counter = info.name.endsWith('_total');
    const read = (start: number, end: number): Samples => {
      const run = store.reader.readRaw(info.id, start, end);
      return counter ? counterIncreases(run) : run;
    };
    const readStart = onset - BASELINE_MS;
    const deviation = deviationBeforeOwnChange(read(readStart, now), info.name, readStart, onset, (steady) => splitAtLead(steady, info.name, onset));
    if (deviation === null) continue;
    hadBaseline = true;
    series.push({ selector: selectorOf(info.name, info.labels), metric: info.name, role: seriesRole(info.name), deviation });
  }
  return { series, hadBaseline };
}

/** A series with no change of its own: split before the onset, as long before as its history allows. */
function splitAtLead(steady: Samples, metric: string, onset: number): Deviation | null {
  for (const lead of LEADS_MS) {
    const split = steady.ts.findIndex((at) => at >= onset - lead);
    const end = split === -1 ? steady.ts.length : split;
    const deviation = robustDeviation(
      { ts: steady.ts.slice(0, end), values: steady.values.slice(0, end) },
      { ts: steady.ts.slice(end), values: steady.values.slice(end) },
      { openedAt: onset, metric },
    );
    if (deviation !== null) return deviation;
  }
  return null;
}

interface PatternRow {
  id: number;
  service: string;
  template: string;
  first_seen: number;
  last_seen: number;
  count: number;
}

const ERROR_LEVEL = 5;

/** Error patterns seen since `since`, with how many lines came since it and in as long a stretch before. */
export function errorPatternsSince(db: Database, store: SeriesStore, since: number, now: number): PatternRecord[] {
  const rows = db
    .prepare<[number, number], PatternRow>(
      'SELECT id, service, template, first_seen, last_seen, count FROM log_patterns WHERE level >= ? AND last_seen >= ? LIMIT 500',
    )
    .all(ERROR_LEVEL, since);
  return rows.map((row) => {
    const id = store.index.select('log_pattern_lines_total', [{ name: 'pattern', type: '=', value: String(row.id) }])[0]?.id;
    const span = Math.max(1, now - since);
    const increase = (start: number, end: number): number | null => {
      if (id === undefined) return null;
      const run = store.reader.readRaw(id, start, end);
      if (run.values.length === 0) return 0;
      return Math.max(0, (run.values.at(-1) as number) - (run.values[0] as number));
    };
    const recent = increase(since, now);
    const before = increase(since - span, since);
    const isNew = row.first_seen >= since;
    return {
      id: row.id,
      service: row.service,
      template: row.template,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      recentCount: isNew ? row.count : Math.max(recent ?? 0, 1),
      baselineCount: isNew ? 0 : (before ?? row.count),
    };
  });
}
