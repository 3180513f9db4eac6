import type { AdviceInsight } from '../../../shared/types/insights';
import { formatDuration } from '../../../shared/duration';
import { probeKindOf } from '../../config/schema';
import { formatMs, probeLabelOf, seriesWith, type AdviceContext } from './advice-context';

/** Judged over the last day… */
const WINDOW_MS = 24 * 3_600_000;
/** …with at least this much of it checked (a probe added an hour ago has not shown how its service changes). */
const MIN_SPAN_MS = 6 * 3_600_000;
/** Only probes this frequent are worth slowing down. */
const FREQUENT_MS = 15_000;
/** Checks per change (status change of the probe, or an action on the service) at or above this: far more often than it changes. */
const CHECKS_PER_CHANGE = 2_000;
/** The suggested interval: a few times slower, at most this. */
const SUGGESTED_MAX_MS = 60_000;

/**
 * Probes checked far more often than their service changes: in the last day, thousands of
 * checks per status change or action (start, restart, deploy). Slowing them costs little
 * detection time and saves the checks (and, for http and command probes, the service's work).
 */
export function probeIntervalAdvice(context: AdviceContext): AdviceInsight[] {
  const out: AdviceInsight[] = [];
  const from = context.now - WINDOW_MS;
  for (const [service, config] of Object.entries(context.config.services)) {
    const actions = context.history.serviceActions(service, from);
    config.probes.forEach((probe, index) => {
      if (probe.every > FREQUENT_MS || probe.paused) return;
      const label = probeLabelOf(probe, probeKindOf(probe), index);
      const [series] = seriesWith(context, 'probe_success', { service, probe: label });
      if (series === undefined) return;
      // The 1m tier counts checks cheaply: no raw read of a day of samples.
      const points = context.series.reader.readDownsampled(series.id, from, context.now, 24 * 60, context.now);
      const checks = points.count.reduce((sum, n) => sum + n, 0);
      const span = points.ts.length === 0 ? 0 : (points.ts.at(-1) as number) - (points.ts[0] as number);
      if (span < MIN_SPAN_MS) return;
      const transitions = context.history.probeTransitions(`${service}/${label}`, from);
      const changes = transitions + actions;
      const perChange = checks / Math.max(1, changes);
      if (perChange < CHECKS_PER_CHANGE) return;
      const suggested = Math.min(SUGGESTED_MAX_MS, Math.max(30_000, probe.every * 4));
      if (suggested <= probe.every) return;
      out.push({
        kind: 'advice',
        id: `probe-interval:${service}/${label}`,
        advice: 'probe-interval',
        service,
        at: context.now,
        title: `${service}/${label} is checked far more often than ${service} changes`,
        summary: `${checks.toLocaleString('en-US')} checks of ${service}/${label} in ${formatMs(span)} against ${changes} change${changes === 1 ? '' : 's'} (status changes and actions): every ${formatDuration(probe.every)} is more than it needs. every: ${formatDuration(suggested)} notices an outage within ${formatDuration(suggested)} and saves ${Math.round((1 - probe.every / suggested) * 100)} % of the checks.`,
        facts: [
          { name: 'checks', value: checks, unit: 'count', text: `${checks.toLocaleString('en-US')} checks` },
          { name: 'changes', value: changes, unit: 'count', text: `${transitions} status changes, ${actions} actions` },
          { name: 'checks_per_change', value: perChange, unit: 'count', text: `${Math.round(perChange).toLocaleString('en-US')} checks per change` },
          { name: 'every', value: probe.every, unit: 'ms', text: `every ${formatDuration(probe.every)} now` },
        ],
        charts: [{ title: `${service}/${label} success`, query: series.key, unit: 'count' }],
        from,
        to: context.now,
        apply: {
          change: `every: ${formatDuration(probe.every)} → ${formatDuration(suggested)}`,
          edits: [{ path: ['services', service, 'probes', index, 'every'], value: formatDuration(suggested) }],
        },
      });
    });
  }
  return out;
}
