import type { AlertView, RuleView } from '../../../shared/types/alerts';
import type { Tone } from './service-status';

export interface AlertLook {
  tone: Tone;
  label: string;
  meaning: string;
}

/** An alert's state in words and colour (UI.md): firing critical red, warning yellow, silenced grey, resolved green. */
export function alertLook(alert: AlertView): AlertLook {
  if (alert.state === 'resolved') return { tone: 'ok', label: 'resolved', meaning: 'Its condition no longer holds.' };
  if (alert.silencedBy.length > 0) return { tone: 'neutral', label: 'silenced', meaning: 'A silence matches it: shown, not notified.' };
  if (alert.inhibitedBy.length > 0)
    return { tone: 'neutral', label: 'inhibited', meaning: 'A firing alert inhibits it (an inhibit rule): shown, not notified.' };
  if (alert.state === 'pending')
    return { tone: 'warning', label: 'pending', meaning: 'Its condition holds, but not yet for as long as the rule\u2019s `for`.' };
  const critical = alert.severity === 'critical';
  return {
    tone: critical ? 'critical' : 'warning',
    label: 'firing',
    meaning: critical ? 'Firing, critical: needs a person.' : `Firing${alert.severity === null ? '' : `, ${alert.severity}`}.`,
  };
}

export function ruleLook(rule: RuleView): AlertLook {
  if (rule.health === 'error') return { tone: 'critical', label: 'error', meaning: 'The last evaluation failed; see the error.' };
  if (rule.state === 'firing')
    return {
      tone: rule.labels.severity === 'critical' ? 'critical' : 'warning',
      label: 'firing',
      meaning: `${rule.firing} alert${rule.firing === 1 ? '' : 's'} firing.`,
    };
  if (rule.state === 'pending')
    return { tone: 'warning', label: 'pending', meaning: `${rule.pending} alert${rule.pending === 1 ? '' : 's'} pending (waiting for \`for\`).` };
  if (rule.health === 'unknown') return { tone: 'neutral', label: 'not run', meaning: 'Not evaluated yet.' };
  return { tone: 'ok', label: 'ok', meaning: 'Evaluated; its condition does not hold.' };
}

/** A sample value for reading: 4 significant digits, thousands as k/M/G. */
export function formatValue(value: number | null): string {
  if (value === null) return '—';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toPrecision(4)}G`;
  if (abs >= 1e6) return `${+(value / 1e6).toPrecision(4)}M`;
  if (abs >= 1e4) return `${+(value / 1e3).toPrecision(4)}k`;
  if (abs === 0 || abs >= 1e-3) return String(+value.toPrecision(4));
  return value.toExponential(2);
}

/** Labels worth showing beside the alert's name (not the name itself, not severity: they have their own places). */
export function extraLabels(alert: AlertView): [string, string][] {
  return Object.entries(alert.labels).filter(([key]) => key !== 'alertname' && key !== 'severity');
}

export type AlertFilter = 'firing' | 'pending' | 'silenced' | 'resolved' | 'all';

/** Which alerts a tab shows: firing and pending exclude silenced/inhibited ones, which have their own tab. */
export function inFilter(alert: AlertView, filter: AlertFilter): boolean {
  const held = alert.state !== 'resolved' && (alert.silencedBy.length > 0 || alert.inhibitedBy.length > 0);
  switch (filter) {
    case 'all':
      return true;
    case 'silenced':
      return held;
    case 'resolved':
      return alert.state === 'resolved';
    default:
      return alert.state === filter && !held;
  }
}

export function searchableAlertTexts(alert: AlertView): string[] {
  return [
    alert.alertname,
    alert.state,
    alert.severity ?? '',
    ...Object.entries(alert.labels).map(([key, value]) => `${key}=${value}`),
    ...Object.values(alert.annotations),
    alert.ack?.by ?? '',
  ];
}
