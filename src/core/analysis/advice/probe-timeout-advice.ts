import type { AdviceInsight } from '../../../shared/types/insights';
import { formatDuration } from '../../../shared/duration';
import { probeKindOf } from '../../config/schema';
import { formatMs, probeLabelOf, seriesWith, type AdviceContext } from './advice-context';
import { niceDurationAtLeast, quantile } from './robust-stats';

/** Latency is judged over the last hour… */
const WINDOW_MS = 3_600_000;
/** …from at least this many checks… */
const MIN_CHECKS = 20;
/** …and "near the timeout" is a p90 at or above this share of it: a little slower and checks fail for time, not for health. */
const NEAR_SHARE = 0.7;

/**
 * A probe whose latency sits near its timeout: p90 of probe_duration_seconds over the last hour
 * at ≥ 70 % of `timeout`. The suggestion gives the timeout room (twice the p99, rounded to a
 * duration people write), raising `every` with it where the timeout would exceed it.
 */
export function probeTimeoutAdvice(context: AdviceContext): AdviceInsight[] {
  const out: AdviceInsight[] = [];
  const from = context.now - WINDOW_MS;
  for (const [service, config] of Object.entries(context.config.services)) {
    config.probes.forEach((probe, index) => {
      const label = probeLabelOf(probe, probeKindOf(probe), index);
      const [series] = seriesWith(context, 'probe_duration_seconds', { service, probe: label });
      if (series === undefined) return;
      const run = context.series.reader.readRaw(series.id, from, context.now);
      const latencies = [...run.values].filter(Number.isFinite).map((seconds) => seconds * 1000);
      if (latencies.length < MIN_CHECKS) return;
      const p50 = quantile(latencies, 0.5);
      const p90 = quantile(latencies, 0.9);
      const p99 = quantile(latencies, 0.99);
      const timeout = probe.timeout;
      if (p90 < NEAR_SHARE * timeout) return;
      const suggested = niceDurationAtLeast(Math.max(2 * p99, 1.5 * timeout));
      const edits: NonNullable<AdviceInsight['apply']>['edits'] = [
        { path: ['services', service, 'probes', index, 'timeout'], value: formatDuration(suggested) },
      ];
      let change = `timeout: ${formatDuration(timeout)} → ${formatDuration(suggested)}`;
      if (suggested > probe.every) {
        edits.push({ path: ['services', service, 'probes', index, 'every'], value: formatDuration(suggested) });
        change += `, every: ${formatDuration(probe.every)} → ${formatDuration(suggested)}`;
      }
      const share = Math.round((p90 / timeout) * 100);
      out.push({
        kind: 'advice',
        id: `probe-timeout:${service}/${label}`,
        advice: 'probe-timeout',
        service,
        at: context.now,
        title: `${service}/${label} runs close to its timeout`,
        summary: `Over the last hour 9 in 10 checks of ${service}/${label} took up to ${formatMs(p90)}, ${share} % of its ${formatDuration(timeout)} timeout: a little more load and checks fail for time, not for health. Give it a ${formatDuration(suggested)} timeout (or find what made it slow).`,
        facts: [
          { name: 'p50', value: p50, unit: 'ms', text: `p50 ${formatMs(p50)}` },
          { name: 'p90', value: p90, unit: 'ms', text: `p90 ${formatMs(p90)}` },
          { name: 'p99', value: p99, unit: 'ms', text: `p99 ${formatMs(p99)}` },
          { name: 'timeout', value: timeout, unit: 'ms', text: `timeout ${formatDuration(timeout)}` },
          { name: 'p90_share', value: p90 / timeout, unit: 'ratio', text: `p90 = ${share} % of the timeout` },
          { name: 'checks', value: latencies.length, unit: 'count', text: `${latencies.length} checks` },
        ],
        charts: [{ title: `${service}/${label} latency`, query: series.key, unit: 'seconds', threshold: timeout / 1000 }],
        from,
        to: context.now,
        apply: { change, edits },
      });
    });
  }
  return out;
}
