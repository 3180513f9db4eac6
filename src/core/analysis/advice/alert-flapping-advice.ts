import type { AdviceInsight } from '../../../shared/types/insights';
import { formatDuration } from '../../../shared/duration';
import type { RuleConfig } from '../../config/schema';
import { selectorsOf } from '../../promql/ast';
import { parsePromql } from '../../promql/parse-promql';
import { formatMs, type AdviceContext } from './advice-context';
import type { AlertStateChange } from './advice-history';
import { niceDurationAtLeast, quantile } from './robust-stats';

/** Flapping is judged over this window… */
const WINDOW_MS = 6 * 3_600_000;
/** …where at least this many firings, */
const MIN_FIRINGS = 4;
/** each typically this short, or this close together, make an alert that cries wolf. */
const SHORT_MS = 5 * 60_000;
/** A `for:` or `keep_firing_for:` longer than this would hide real outages: no advice then. */
const MAX_FOR_MS = 15 * 60_000;
const MAX_KEEP_MS = 30 * 60_000;

interface Span {
  start: number;
  end: number | null;
}

interface RuleAt {
  rule: RuleConfig;
  path: (string | number)[];
}

/**
 * An alert that fires and resolves over and over. Judged against the rule as it is configured
 * now: each stretch where the condition held (from `pending`, or `firing` when it has no `for`,
 * to the end) is replayed through the current `for` and `keep_firing_for`, so once a suggestion
 * is applied the same history no longer counts as flapping. Short firings → a longer `for:`;
 * long ones with short gaps → `keep_firing_for:` (hysteresis: it stays firing across the gaps).
 */
export function alertFlappingAdvice(context: AdviceContext): AdviceInsight[] {
  const from = context.now - WINDOW_MS;
  const byAlert = new Map<string, AlertStateChange[]>();
  for (const change of context.history.alertStateChanges(from)) {
    const list = byAlert.get(`${change.alertname}\u0000${change.fingerprint}`) ?? [];
    list.push(change);
    byAlert.set(`${change.alertname}\u0000${change.fingerprint}`, list);
  }
  const rules = rulesByName(context);
  const out = new Map<string, AdviceInsight>();
  for (const changes of byAlert.values()) {
    const alertname = (changes[0] as AlertStateChange).alertname;
    const found = rules.get(alertname);
    // Alerts raised from code (a service that gave up) have no rule to change.
    if (found === undefined || found.length !== 1) continue;
    const { rule, path } = found[0] as RuleAt;
    const advice = adviceFor(context, alertname, rule, path, spansOf(changes, rule.keep_firing_for), from);
    const previous = advice === null ? undefined : out.get(advice.id);
    // One piece of advice per rule: the alert (label set) that flaps most speaks for it.
    if (advice !== null && (previous === undefined || (previous.facts[0]?.value ?? 0) < (advice.facts[0]?.value ?? 0))) out.set(advice.id, advice);
  }
  return [...out.values()];
}

function adviceFor(context: AdviceContext, alertname: string, rule: RuleConfig, path: (string | number)[], spans: Span[], from: number): AdviceInsight | null {
  const now = context.now;
  const firings = replay(spans, rule.for, rule.keep_firing_for, now);
  if (firings.length < MIN_FIRINGS) return null;
  const lengths = firings.filter((f) => f.end !== null).map((f) => (f.end as number) - f.start);
  const gaps = firings.slice(1).map((f, i) => f.start - ((firings[i] as Span).end ?? f.start));
  const fired = spans.filter((span) => (span.end ?? now) - span.start >= rule.for);
  const heldFor = fired.map((span) => (span.end ?? now) - span.start);
  const medianLength = quantile(lengths, 0.5);
  const medianGap = quantile(gaps, 0.5);
  let apply: AdviceInsight['apply'];
  let summary: string;
  if (lengths.length > 0 && medianLength <= SHORT_MS) {
    // Long enough that nine in ten of these firings would not have happened.
    const suggested = niceDurationAtLeast(quantile(heldFor, 0.9) * 1.25);
    if (suggested > MAX_FOR_MS || suggested <= rule.for) return null;
    apply = {
      change: `for: ${formatDuration(rule.for)} → ${formatDuration(suggested)}`,
      edits: [{ path: [...path, 'for'], value: formatDuration(suggested) }],
    };
    summary = `${alertname} fired ${firings.length} times in ${formatMs(now - from)}, typically for ${formatMs(medianLength)}: its condition rarely holds long. With for: ${formatDuration(suggested)} it fires only when the condition holds that long (9 in 10 of these would not have fired).`;
  } else if (gaps.length > 0 && medianGap <= SHORT_MS) {
    const suggested = niceDurationAtLeast(quantile(gaps, 0.9) * 1.25);
    if (suggested > MAX_KEEP_MS || suggested <= rule.keep_firing_for) return null;
    apply = {
      change: `keep_firing_for: ${formatDuration(rule.keep_firing_for)} → ${formatDuration(suggested)}`,
      edits: [{ path: [...path, 'keep_firing_for'], value: formatDuration(suggested) }],
    };
    summary = `${alertname} fired ${firings.length} times in ${formatMs(now - from)}, resolving for typically ${formatMs(medianGap)} in between. keep_firing_for: ${formatDuration(suggested)} (hysteresis) keeps it firing across such gaps, so one outage is one alert.`;
  } else {
    return null;
  }
  const chart = chartOf(rule);
  return {
    kind: 'advice',
    id: `alert-flapping:${alertname}`,
    advice: 'alert-flapping',
    service: null,
    at: now,
    title: `${alertname} flaps`,
    summary,
    facts: [
      { name: 'firings', value: firings.length, unit: 'count', text: `${firings.length} firings in ${formatMs(now - from)}` },
      ...(lengths.length > 0
        ? [{ name: 'median_firing', value: medianLength / 1000, unit: 'seconds' as const, text: `median firing ${formatMs(medianLength)}` }]
        : []),
      ...(heldFor.length > 0
        ? [
            {
              name: 'p90_condition',
              value: quantile(heldFor, 0.9) / 1000,
              unit: 'seconds' as const,
              text: `condition held ≤ ${formatMs(quantile(heldFor, 0.9))} (p90)`,
            },
          ]
        : []),
      ...(gaps.length > 0 ? [{ name: 'median_gap', value: medianGap / 1000, unit: 'seconds' as const, text: `median gap ${formatMs(medianGap)}` }] : []),
      { name: 'for', value: rule.for / 1000, unit: 'seconds', text: `for: ${formatDuration(rule.for)} now` },
    ],
    charts: chart === null ? [] : [chart],
    from,
    to: now,
    apply,
  };
}

/** Stretches where the condition held: from pending (or firing without `for`) to inactive, or to resolved less the keep_firing_for it ran with. */
function spansOf(changes: readonly AlertStateChange[], keepFiringFor: number): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  for (const change of changes) {
    if (change.to === 'pending' || (change.to === 'firing' && open === null)) {
      if (open === null) {
        open = { start: change.at, end: null };
        spans.push(open);
      }
    } else if (change.to === 'inactive' || change.to === 'resolved') {
      if (open !== null) open.end = Math.max(open.start, change.to === 'resolved' ? change.at - keepFiringFor : change.at);
      open = null;
    }
  }
  return spans;
}

/** The firings these stretches give under `for` and `keep_firing_for`: fire after `forMs`, stay `keepMs` after, merged. */
function replay(spans: readonly Span[], forMs: number, keepMs: number, now: number): Span[] {
  const firings: Span[] = [];
  for (const span of spans) {
    const end = span.end ?? now;
    if (end - span.start < forMs) continue;
    const firing = { start: span.start + forMs, end: span.end === null ? null : end + keepMs };
    const last = firings.at(-1);
    if (last !== undefined && (last.end === null || last.end >= firing.start)) last.end = firing.end;
    else firings.push(firing);
  }
  return firings;
}

function rulesByName(context: AdviceContext): Map<string, RuleAt[]> {
  const out = new Map<string, RuleAt[]>();
  const add = (rule: RuleConfig, path: (string | number)[]): void => {
    out.set(rule.alert, [...(out.get(rule.alert) ?? []), { rule, path }]);
  };
  context.config.rules.forEach((rule, i) => add(rule, ['rules', i]));
  context.config.rule_groups.forEach((group, g) => group.rules.forEach((rule, i) => add(rule, ['rule_groups', g, 'rules', i])));
  return out;
}

/** The series the rule's expression reads (its first selector), to chart under the advice. */
function chartOf(rule: RuleConfig): AdviceInsight['charts'][number] | null {
  try {
    const selector = selectorsOf(parsePromql(rule.expr).expr)[0];
    if (selector === undefined) return null;
    return { title: `${rule.alert}: ${rule.expr}`, query: rule.expr.slice(selector.from, selector.to), unit: 'count' };
  } catch {
    return null;
  }
}
