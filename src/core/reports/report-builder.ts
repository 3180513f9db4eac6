import {
  REPORT_SCHEMA_ID,
  DEFAULT_SLO_AVAILABILITY,
  type Report,
  type ReportPattern,
  type ReportResource,
  type ReportService,
} from '../../shared/reports/report-schema';
import type { ReportPeriod } from '../../shared/reports/report-period';
import type { WorkspaceConfig } from '../config/schema';
import type { PatternRecord } from '../logs/mining/pattern-miner';
import { levelName, LEVEL } from '../logs/parse/level';
import type { Database } from '../store/database';
import type { SeriesStore } from '../store/series-store';
import { averageOf, dailyAverages, maxOf, readHourly, type Hourly } from './hourly-series';
import { incidentsBetween } from './incidents';
import { trendOf } from './trend';

export interface ReportSources {
  db: Database;
  series: SeriesStore;
  config: WorkspaceConfig;
  workspaceName: string;
  environment: string | null;
  now: number;
}

const TOP_PATTERNS = 10;
const MACHINE_RESOURCES: { metric: string; name: string; unit: string }[] = [
  { metric: 'system_cpu_usage_percent', name: 'CPU', unit: '%' },
  { metric: 'system_memory_usage_percent', name: 'memory', unit: '%' },
  { metric: 'system_load1', name: 'load (1 min)', unit: '' },
];

/**
 * A report over a period, read from the hourly rollups (never the raw samples), the alert
 * history, the audit log and the mined log patterns: what `reports.generate` answers.
 */
export function buildReport(sources: ReportSources, period: ReportPeriod, utcOffsetMinutes: number): Report {
  const { series, config, now } = sources;
  const { start, end } = period;
  const index = series.index;
  const idsBy = (metric: string, label: string): Map<string, number[]> => {
    const out = new Map<string, number[]>();
    for (const info of index.select(metric)) {
      const key = info.labels[label];
      if (key === undefined) continue;
      const list = out.get(key);
      if (list === undefined) out.set(key, [info.id]);
      else list.push(info.id);
    }
    return out;
  };
  const hourly = (ids: readonly number[] | undefined): Hourly => readHourly(series, ids ?? [], start, end, now);
  const success = idsBy('probe_success', 'service');
  const duration = idsBy('probe_duration_seconds', 'service');
  const cpu = idsBy('process_cpu_usage_percent', 'service');
  const memory = idsBy('process_resident_memory_bytes', 'service');

  const audit = serviceEvents(sources.db, start, end);
  const services: ReportService[] = Object.entries(config.services).map(([name, service]) => {
    const checks = hourly(success.get(name));
    const slo = service.slo?.availability ?? config.slo?.availability ?? DEFAULT_SLO_AVAILABILITY;
    const totalChecks = checks.count.reduce((sum, count) => sum + count, 0);
    const passed = checks.sum.reduce((sum, value) => sum + value, 0);
    const availability = totalChecks === 0 ? null : passed / totalChecks;
    // The time its probes covered: the hours that had checks.
    const coveredMs = checks.ts.length * 3_600_000;
    const allowedMs = (1 - slo / 100) * coveredMs;
    const usedMs = availability === null ? 0 : (1 - availability) * coveredMs;
    const latency = scaled(hourly(duration.get(name)), 1000);
    const cpuHours = hourly(cpu.get(name));
    const memoryHours = hourly(memory.get(name));
    return {
      name,
      slo,
      availability,
      checks: Math.round(totalChecks),
      failedChecks: Math.round(totalChecks - passed),
      met: availability === null ? null : availability * 100 >= slo,
      errorBudget: { allowedMs, usedMs, leftMs: allowedMs - usedMs, leftPercent: allowedMs === 0 ? null : (100 * (allowedMs - usedMs)) / allowedMs },
      restarts: audit.restarts.filter((entry) => entry.service === name).length,
      givenUp: audit.givenUp.filter((entry) => entry.service === name).length,
      latencyMs: { avg: averageOf(latency), max: maxOf(latency), trend: trendOf(dailyAverages(latency, utcOffsetMinutes)) },
      cpuPercent: { avg: averageOf(cpuHours), max: maxOf(cpuHours), trend: trendOf(dailyAverages(cpuHours, utcOffsetMinutes)) },
      memoryBytes: { avg: averageOf(memoryHours), max: maxOf(memoryHours), trend: trendOf(dailyAverages(memoryHours, utcOffsetMinutes)) },
      daily: dailyAverages(checks, utcOffsetMinutes).map((point) => ({ day: point.day, availability: point.value })),
    };
  });

  const resources: ReportResource[] = MACHINE_RESOURCES.map(({ metric, name, unit }) => {
    const hours = hourly(index.select(metric).map((info) => info.id));
    const daily = dailyAverages(hours, utcOffsetMinutes);
    return { name, unit, avg: averageOf(hours), max: maxOf(hours), trend: trendOf(daily), daily: daily.map(({ day, value }) => ({ day, value })) };
  });
  const disks = [...idsBy('system_disk_used_percent', 'mountpoint')].map(([mountpoint, ids]) => {
    const trend = trendOf(dailyAverages(hourly(ids), utcOffsetMinutes));
    const perDay = trend.perDay;
    const daysUntilFull = perDay !== null && perDay > 0 && trend.last !== null ? (100 - trend.last) / perDay : null;
    return { mountpoint, usedPercent: trend.last, perDay, daysUntilFull };
  });

  const incidents = incidentsBetween(sources.db, start, end);
  const logs = patterns(sources.db, series, start, end, now);
  const checked = services.filter((service) => service.availability !== null);
  const allChecks = services.reduce((sum, service) => sum + service.checks, 0);
  const allFailed = services.reduce((sum, service) => sum + service.failedChecks, 0);
  const mean = (values: (number | null)[]): number | null => {
    const known = values.filter((value): value is number => value !== null);
    return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
  };
  const empty =
    allChecks === 0 &&
    incidents.length === 0 &&
    audit.restarts.length === 0 &&
    audit.givenUp.length === 0 &&
    resources.every((resource) => resource.avg === null);
  const notes: string[] = [];
  const oldestHour = (sources.db.prepare('SELECT min(ts) AS ts FROM samples_1h').get() as { ts: number | null }).ts;
  if (!empty && oldestHour !== null && oldestHour > start + 3_600_000)
    notes.push(`data begins ${new Date(oldestHour).toISOString()}, after the start of the period: figures cover what was recorded`);
  if (!empty && start < now - 30 * 86_400_000) notes.push('alert history is kept 30 days: incidents before that are not listed');
  return {
    schema: REPORT_SCHEMA_ID,
    generatedAt: now,
    workspace: { name: sources.workspaceName, environment: sources.environment },
    period: { start, end, label: period.label, utcOffsetMinutes },
    empty,
    summary: {
      services: services.length,
      meetingSlo: checked.filter((service) => service.met === true).length,
      breachingSlo: checked.filter((service) => service.met === false).length,
      availability: allChecks === 0 ? null : (allChecks - allFailed) / allChecks,
      incidents: incidents.length,
      meanTimeToAcknowledgeMs: mean(incidents.map((incident) => incident.timeToAcknowledgeMs)),
      meanTimeToResolveMs: mean(incidents.map((incident) => incident.timeToResolveMs)),
      restarts: audit.restarts.length,
      givenUp: audit.givenUp.length,
      newErrorPatterns: logs.newPatterns.filter((pattern) => pattern.level === 'error' || pattern.level === 'fatal').length,
    },
    services,
    incidents,
    restarts: audit.restarts,
    givenUp: audit.givenUp,
    logs,
    machine: { resources, disks },
    notes,
  };
}

function scaled(hourly: Hourly, factor: number): Hourly {
  return {
    ts: hourly.ts,
    count: hourly.count,
    sum: hourly.sum.map((value) => value * factor),
    min: hourly.min.map((value) => value * factor),
    max: hourly.max.map((value) => value * factor),
  };
}

interface AuditRow {
  at: number;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  message: string | null;
}

function serviceEvents(db: Database, start: number, end: number): { restarts: Report['restarts']; givenUp: Report['givenUp'] } {
  const rows = db
    .prepare<[number, number], AuditRow>(
      "SELECT at, actor, action, target, outcome, message FROM audit_log WHERE action IN ('restart', 'give_up') AND at >= ? AND at <= ? ORDER BY at DESC, id DESC",
    )
    .all(start, end);
  const event = (row: AuditRow) => ({ service: row.target, at: row.at, actor: row.actor, outcome: row.outcome, message: row.message });
  return { restarts: rows.filter((row) => row.action === 'restart').map(event), givenUp: rows.filter((row) => row.action === 'give_up').map(event) };
}

type PatternRow = PatternRecord;

/** Error patterns seen in the period by their lines in it (log_pattern_lines_total never goes back), and patterns new in it. */
function patterns(db: Database, series: SeriesStore, start: number, end: number, now: number): Report['logs'] {
  const rows = db
    .prepare<[number, number], PatternRow>(
      'SELECT id, service, template, level, count, first_seen AS firstSeen, last_seen AS lastSeen FROM log_patterns WHERE last_seen >= ? AND first_seen <= ?',
    )
    .all(start, end);
  const counters = new Map<string, number>();
  for (const info of series.index.select('log_pattern_lines_total')) if (info.labels.pattern !== undefined) counters.set(info.labels.pattern, info.id);
  const view = (row: PatternRow, lines: number): ReportPattern => ({
    id: row.id,
    service: row.service,
    level: levelName(row.level),
    template: row.template,
    lines,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
  });
  const linesIn = (row: PatternRow): number => {
    const id = counters.get(String(row.id));
    if (id === undefined) return row.count;
    const hours = readHourly(series, [id], start, end, now);
    if (hours.ts.length === 0) return 0;
    const before = row.firstSeen >= start ? 0 : (hours.min[0] as number);
    return Math.max(0, Math.round((hours.max.at(-1) as number) - before));
  };
  const errors = rows.filter((row) => row.level >= LEVEL.error).map((row) => view(row, linesIn(row)));
  const topErrorPatterns = errors
    .filter((pattern) => pattern.lines > 0)
    .sort((a, b) => b.lines - a.lines)
    .slice(0, TOP_PATTERNS);
  const newPatterns = rows
    .filter((row) => row.firstSeen >= start)
    .sort((a, b) => b.level - a.level || b.count - a.count)
    .slice(0, TOP_PATTERNS)
    .map((row) => view(row, row.count));
  return { topErrorPatterns, newPatterns };
}
