import type { AdviceInsight } from '../../../shared/types/insights';
import type { AdviceContext } from './advice-context';
import { formatMs, seriesWith } from './advice-context';

/** "Now" is the last 15 minutes, compared with the 6 hours before. */
const RECENT_MS = 15 * 60_000;
const BASELINE_MS = 6 * 3_600_000;
/** A pattern dominates with at least this many lines now… */
const MIN_LINES = 100;
/** …this share of the service's lines now, where it had at most this share before… */
const MIN_SHARE = 0.5;
const MAX_SHARE_BEFORE = 0.2;
/** …at this many times its earlier rate; the service had this many lines before (else there is no "before"). */
const MIN_RATE_RATIO = 5;
const MIN_BASELINE_LINES = 50;
/** Counters that have not moved for an hour are not written: their last value is looked for this far back. */
const LOOKBACK_MS = 7 * 86_400_000;

/**
 * A log pattern that suddenly dominates a service's output: from the mined pattern counters
 * (log_pattern_lines_total) and the service's line counters (log_lines_total). Only patterns
 * whose counter moved in the last 15 minutes are read further, so thousands of quiet patterns
 * cost one head read each.
 */
export function logPatternAdvice(context: AdviceContext): AdviceInsight[] {
  const out: AdviceInsight[] = [];
  const now = context.now;
  const split = now - RECENT_MS;
  const start = split - BASELINE_MS;
  const increase = (id: number, a: number, b: number): number => Math.max(0, valueAt(context, id, b) - valueAt(context, id, a));
  for (const service of Object.keys(context.config.services)) {
    const lines = seriesWith(context, 'log_lines_total', { service });
    if (lines.length === 0) continue;
    const patterns = seriesWith(context, 'log_pattern_lines_total', { service }).filter(
      (series) => context.series.reader.readRaw(series.id, split, now).ts.length > 0,
    );
    if (patterns.length === 0) continue;
    const totalRecent = lines.reduce((sum, series) => sum + increase(series.id, split, now), 0);
    const totalBefore = lines.reduce((sum, series) => sum + increase(series.id, start, split), 0);
    if (totalBefore < MIN_BASELINE_LINES || totalRecent < MIN_LINES) continue;
    for (const series of patterns) {
      const recent = increase(series.id, split, now);
      const before = increase(series.id, start, split);
      const share = recent / totalRecent;
      const shareBefore = before / totalBefore;
      const ratio = recent / RECENT_MS / Math.max(before / BASELINE_MS, 1 / BASELINE_MS);
      if (recent < MIN_LINES || share < MIN_SHARE || shareBefore > MAX_SHARE_BEFORE || ratio < MIN_RATE_RATIO) continue;
      // A rule on this pattern is the operator's answer already: nothing more to suggest.
      if (context.config.rules.some((rule) => rule.expr.includes(series.key))) continue;
      const patternId = Number(series.labels.pattern);
      const template = Number.isInteger(patternId) ? context.history.logPatternTemplate(patternId) : null;
      const rule = floodRule(service, series.key, series.labels.pattern ?? '', template, before / (BASELINE_MS / 1000));
      out.push({
        kind: 'advice',
        id: `log-pattern:${service}:${series.labels.pattern ?? series.key}`,
        advice: 'log-pattern',
        service,
        at: now,
        title: `One log pattern now dominates ${service}'s output`,
        summary: `${Math.round(share * 100)} % of ${service}'s last ${formatMs(RECENT_MS)} of logs (${recent.toLocaleString('en-US')} lines) match ${template === null ? `pattern ${series.labels.pattern ?? '?'}` : `"${template}"`}, against ${Math.round(shareBefore * 100)} % in the ${formatMs(BASELINE_MS)} before (${Math.round(ratio)}× its rate). Something changed: open these lines in Logs. Apply adds an alert while this pattern logs faster than ${rule.perSecond} lines/s for 5 min (${MIN_RATE_RATIO}× its earlier rate, at least ${MIN_LINES} lines in ${formatMs(RECENT_MS)}), so the next flood pages instead of waiting to be noticed.`,
        facts: [
          { name: 'lines_recent', value: recent, unit: 'count', text: `${recent.toLocaleString('en-US')} lines in ${formatMs(RECENT_MS)}` },
          { name: 'share_recent', value: share, unit: 'ratio', text: `${Math.round(share * 100)} % of lines now` },
          { name: 'share_before', value: shareBefore, unit: 'ratio', text: `${Math.round(shareBefore * 100)} % before` },
          { name: 'rate_ratio', value: ratio, unit: 'ratio', text: `${Math.round(ratio)}× its earlier rate` },
        ],
        charts: [
          { title: `pattern ${series.labels.pattern ?? ''} lines (total)`, query: series.key, unit: 'count' },
          ...lines.slice(0, 1).map((l) => ({ title: `${service} lines (total)`, query: l.key, unit: 'count' as const })),
        ],
        from: start,
        to: now,
        apply: {
          change: `add rule ${rule.config.alert}: ${rule.config.expr} for ${rule.config.for}`,
          edits: [{ path: ['rules', context.config.rules.length], value: rule.config }],
        },
      });
    }
  }
  return out;
}

/**
 * The rule Apply adds: the pattern's rate over 5 minutes above what the advice itself calls a
 * flood (its earlier rate times MIN_RATE_RATIO, and at least MIN_LINES per RECENT_MS), held 5
 * minutes, so it fires now and on the next flood, not on the pattern's ordinary trickle.
 */
function floodRule(
  service: string,
  selector: string,
  pattern: string,
  template: string | null,
  perSecondBefore: number,
): { perSecond: number; config: { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> } } {
  const perSecond = roundUp(Math.max(MIN_RATE_RATIO * perSecondBefore, MIN_LINES / (RECENT_MS / 1000)));
  const what = template === null ? `log pattern ${pattern}` : `"${template}"`;
  return {
    perSecond,
    config: {
      alert: 'LogPatternFlood',
      expr: `rate(${selector}[5m]) > ${perSecond}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `${service} logs ${what} at {{ $value | humanize }} lines/s (above ${perSecond})`,
      },
    },
  };
}

/** Up to two significant digits, rounded up: 0.1111 → 0.12, 3.42 → 3.5. */
function roundUp(value: number): number {
  const scale = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Number((Math.ceil(value / scale - 1e-9) * scale).toPrecision(2));
}

/** A counter's last value at or before `at` (0 before its first sample). */
function valueAt(context: AdviceContext, id: number, at: number): number {
  const recent = context.series.reader.readRaw(id, Math.max(0, at - 2 * 60_000), at);
  if (recent.values.length > 0) return recent.values[recent.values.length - 1] as number;
  const points = context.series.reader.readDownsampled(id, at - LOOKBACK_MS, at, 168, context.now);
  return points.max.length === 0 ? 0 : (points.max.at(-1) as number);
}
