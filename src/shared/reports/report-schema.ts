import { z } from 'zod';

/**
 * What `zervigo report --format json` writes and `reports.generate` returns: the documented
 * schema (`zervigo report --json-schema` prints it as JSON Schema). Times are ms since the
 * epoch, durations ms, availability a fraction 0..1, percentages 0..100.
 */
export const REPORT_SCHEMA_ID = 'zervigo.report/v1' as const;

/** The availability a service is held to when the workspace names none (services.<name>.slo.availability). */
export const DEFAULT_SLO_AVAILABILITY = 99.9;

const Trend = z.object({
  first: z.number().nullable().describe("the first day's average"),
  last: z.number().nullable().describe("the last day's average"),
  perDay: z.number().nullable().describe('least-squares slope of the daily averages, per day'),
});

const DailyPoint = z.object({ day: z.number().describe('start of the day (UTC offset of the request)'), value: z.number() });

const ServiceSection = z.object({
  name: z.string(),
  slo: z.number().describe("availability objective in % (the workspace's services.<name>.slo.availability, else the default)"),
  availability: z.number().nullable().describe('passed checks / checks of its probes in the period; null without checks'),
  checks: z.number().int(),
  failedChecks: z.number().int(),
  met: z.boolean().nullable().describe('availability at or above the SLO; null without checks'),
  errorBudget: z.object({
    allowedMs: z.number().describe('(1 - SLO) of the time its probes covered'),
    usedMs: z.number().describe('(1 - availability) of that time'),
    leftMs: z.number(),
    leftPercent: z.number().nullable().describe('left / allowed × 100; negative when overspent'),
  }),
  restarts: z.number().int(),
  givenUp: z.number().int(),
  latencyMs: z.object({ avg: z.number().nullable(), max: z.number().nullable(), trend: Trend }),
  cpuPercent: z.object({ avg: z.number().nullable(), max: z.number().nullable(), trend: Trend }),
  memoryBytes: z.object({ avg: z.number().nullable(), max: z.number().nullable(), trend: Trend }),
  daily: z.array(z.object({ day: z.number(), availability: z.number() })).describe('availability per day (days without checks are absent)'),
});

const Incident = z.object({
  alertname: z.string(),
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  severity: z.string().nullable(),
  firedAt: z.number(),
  resolvedAt: z.number().nullable().describe('null: still firing at the end of the period'),
  durationMs: z.number().describe('firing time inside the period'),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  timeToAcknowledgeMs: z.number().nullable(),
  timeToResolveMs: z.number().nullable(),
});

const ServiceEvent = z.object({ service: z.string(), at: z.number(), actor: z.string(), outcome: z.string(), message: z.string().nullable() });

const Pattern = z.object({
  id: z.number().int(),
  service: z.string(),
  level: z.string(),
  template: z.string(),
  lines: z.number().int().describe('lines of the pattern in the period (from log_pattern_lines_total), else its total'),
  firstSeen: z.number(),
  lastSeen: z.number(),
});

const Resource = z.object({
  name: z.string(),
  unit: z.string(),
  avg: z.number().nullable(),
  max: z.number().nullable(),
  trend: Trend,
  daily: z.array(DailyPoint),
});

const Disk = z.object({
  mountpoint: z.string(),
  usedPercent: z.number().nullable().describe("the last day's average"),
  perDay: z.number().nullable().describe('percentage points per day'),
  daysUntilFull: z.number().nullable().describe('at that rate; null when not filling'),
});

export const ReportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA_ID),
  generatedAt: z.number(),
  workspace: z.object({ name: z.string(), environment: z.string().nullable() }),
  period: z.object({ start: z.number(), end: z.number(), label: z.string().describe('"last 7 days", "November 2026"'), utcOffsetMinutes: z.number().int() }),
  empty: z.boolean().describe('nothing was recorded in the period: no checks, alerts, restarts or machine samples'),
  summary: z.object({
    services: z.number().int(),
    meetingSlo: z.number().int(),
    breachingSlo: z.number().int(),
    availability: z.number().nullable().describe('passed checks / checks over every service'),
    incidents: z.number().int(),
    meanTimeToAcknowledgeMs: z.number().nullable(),
    meanTimeToResolveMs: z.number().nullable(),
    restarts: z.number().int(),
    givenUp: z.number().int(),
    newErrorPatterns: z.number().int(),
  }),
  services: z.array(ServiceSection),
  incidents: z.array(Incident).describe('firing episodes of alerts within the period, newest first'),
  restarts: z.array(ServiceEvent).describe('restarts, by automation or a person, newest first'),
  givenUp: z.array(ServiceEvent).describe('services whose restart budget ran out'),
  logs: z.object({ topErrorPatterns: z.array(Pattern), newPatterns: z.array(Pattern).describe('first seen in the period') }),
  machine: z.object({ resources: z.array(Resource), disks: z.array(Disk) }),
  notes: z.array(z.string()).describe('what the report could not cover (data kept for less than the period, …)'),
});

export type Report = z.infer<typeof ReportSchema>;
export type ReportService = z.infer<typeof ServiceSection>;
export type ReportIncident = z.infer<typeof Incident>;
export type ReportTrend = z.infer<typeof Trend>;
export type ReportResource = z.infer<typeof Resource>;
export type ReportPattern = z.infer<typeof Pattern>;

export type ReportFormat = 'json' | 'md' | 'html';
