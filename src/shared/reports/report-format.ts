import { formatBytes } from '../byte-size';
import type { Report, ReportService, ReportTrend } from './report-schema';

/** How a report's numbers read, the same in Markdown, HTML and the summaries sent to channels. */
export function percent(fraction: number | null, digits = 3): string {
  if (fraction === null) return '–';
  const value = fraction * 100;
  return `${value === 100 ? '100' : value.toFixed(digits).replace(/\.?0+$/, '')} %`;
}

export function span(ms: number | null): string {
  if (ms === null) return '–';
  const negative = ms < 0;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${negative ? '−' : ''}${seconds} s`;
  // Rounded to the smallest unit shown (minutes under a day, else hours), so 59.9 min reads "1 h", never "60 min".
  const underADay = seconds < 86_400 - 30;
  const units = underADay ? Math.round(seconds / 60) : Math.round(seconds / 3_600);
  const days = underADay ? 0 : Math.floor(units / 24);
  const hours = underADay ? Math.floor(units / 60) : units % 24;
  const minutes = underADay ? units % 60 : 0;
  const parts = [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : ''].filter((part) => part !== '');
  return `${negative ? '−' : ''}${parts.join(' ')}`;
}

/** "2026-11-22 14:03" in the report's UTC offset (the caller's). */
export function when(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function day(ms: number, utcOffsetMinutes: number): string {
  return when(ms, utcOffsetMinutes).slice(0, 10);
}

export function number(value: number | null, unit: string, digits = 1): string {
  if (value === null) return '–';
  if (unit === 'B') return formatBytes(Math.round(value));
  return `${Number(value.toFixed(digits))}${unit === '' ? '' : unit === '%' ? ' %' : ` ${unit}`}`;
}

/** "↑ 2.1 %/day", "↓", "→": a trend in a glance, with the word for readers without arrows. */
export function trendWords(trend: ReportTrend, unit: string): string {
  if (trend.perDay === null) return '–';
  const size = Math.abs(trend.perDay);
  const reference = Math.max(Math.abs(trend.first ?? 0), Math.abs(trend.last ?? 0), 1e-9);
  if (size * 7 < reference * 0.02) return '→ steady';
  const shown = unit === 'B' ? `${formatBytes(Math.round(size))}` : `${Number(size.toFixed(2))}${unit === '%' ? ' %' : unit === '' ? '' : ` ${unit}`}`;
  return `${trend.perDay > 0 ? '↑' : '↓'} ${shown}/day`;
}

export function budgetWords(service: ReportService): string {
  const budget = service.errorBudget;
  if (service.availability === null || budget.leftPercent === null) return '–';
  return `${budget.leftPercent.toFixed(0)} % left (${span(budget.leftMs)} of ${span(budget.allowedMs)})`;
}

export function statusWord(service: ReportService): string {
  if (service.met === null) return 'no data';
  return service.met ? 'met' : 'BREACHED';
}

/** A few lines that say the most: the summary channels send and the reports open with. */
export function summaryLines(report: Report): string[] {
  const summary = report.summary;
  const breaching = report.services
    .filter((service) => service.met === false)
    .map((service) => `${service.name} ${percent(service.availability)} (SLO ${service.slo} %)`);
  return [
    `${report.workspace.name}${report.workspace.environment === null ? '' : ` (${report.workspace.environment})`} — ${report.period.label}: ${when(report.period.start, report.period.utcOffsetMinutes)} to ${when(report.period.end, report.period.utcOffsetMinutes)}`,
    `Availability ${percent(summary.availability)} over ${summary.services} services: ${summary.meetingSlo} meet their SLO, ${summary.breachingSlo} breach it${breaching.length > 0 ? ` (${breaching.join(', ')})` : ''}`,
    `${summary.incidents} incident${summary.incidents === 1 ? '' : 's'} (mean time to acknowledge ${span(summary.meanTimeToAcknowledgeMs)}, to resolve ${span(summary.meanTimeToResolveMs)}), ${summary.restarts} restart${summary.restarts === 1 ? '' : 's'}, ${summary.givenUp} given up, ${summary.newErrorPatterns} new error pattern${summary.newErrorPatterns === 1 ? '' : 's'}`,
  ];
}
