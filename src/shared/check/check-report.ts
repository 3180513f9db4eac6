import { z } from 'zod';

/**
 * What `zervigo check --json` prints: the documented schema (`zervigo check --json-schema`
 * prints it as JSON Schema). Additive changes keep `schema`; anything else bumps it.
 */
export const CHECK_REPORT_SCHEMA_ID = 'zervigo.check/v1' as const;

/** 0 all good, 1 something down, 2 the workspace is invalid, 3 no console answers at --url, 4 --url refused the token. */
export const CHECK_EXIT = { ok: 0, down: 1, invalid: 2, unreachable: 3, unauthorized: 4 } as const;

const Issue = z.object({ file: z.string(), line: z.number().int(), col: z.number().int(), path: z.string(), message: z.string() });

const ProbeResult = z.object({
  id: z.string().describe('<service>/<probe name or kind#index>'),
  kind: z.string(),
  target: z.string(),
  status: z
    .enum(['up', 'down', 'pending', 'paused', 'unknown'])
    .describe("local checks are up or down (one check each), or paused; --url gives the console's own state"),
  reason: z.string().nullable().describe('why it failed, in words'),
  latencyMs: z.number().nullable(),
  checkedAt: z.number().nullable().describe('ms since the epoch'),
});

export const ServiceCheckStatus = z.enum([
  'up',
  'running',
  'down',
  'restarting',
  'pending',
  'unknown',
  'starting',
  'waiting',
  'stopping',
  'stopped',
  'given_up',
  'not_checked',
]);

const ServiceResult = z.object({
  name: z.string(),
  status: ServiceCheckStatus.describe(
    'down, restarting (it failed and is being healed) or given_up count as down (exit 1); running (a process without probes) counts as up; not_checked: no probes, or every probe paused',
  ),
  reason: z.string().nullable(),
  infra: z.boolean().describe('infrastructure: others depend on it and it depends on nothing'),
  dependsOn: z.array(z.string()),
  probes: z.array(ProbeResult),
});

const Machine = z.object({
  host: z.string(),
  cpuPercent: z.number().nullable(),
  load: z.tuple([z.number(), z.number(), z.number()]),
  memory: z.object({ usedBytes: z.number(), totalBytes: z.number(), percent: z.number() }),
  disks: z.array(z.object({ mountpoint: z.string(), usedPercent: z.number(), freeBytes: z.number(), totalBytes: z.number() })),
  warnings: z.array(z.string()).describe('vitals over their threshold (disk or memory at 90 % or more); they do not change the exit code'),
});

export const CheckReportSchema = z.object({
  schema: z.literal(CHECK_REPORT_SCHEMA_ID),
  mode: z.enum(['all', 'services', 'infra', 'order']),
  source: z.string().describe('"local" (the file, probes run here once) or the URL of the console asked'),
  at: z.number().describe('when the check began, ms since the epoch'),
  durationMs: z.number(),
  workspace: z.object({
    file: z.string(),
    name: z.string().nullable(),
    environment: z.string().nullable(),
    valid: z.boolean(),
    issues: z.array(Issue).describe('each problem at file:line:col'),
  }),
  order: z
    .object({
      levels: z.array(z.array(z.string())).describe('start levels: each after all of the previous'),
      problems: z.array(z.string()).describe('cycles and missing dependencies'),
    })
    .nullable(),
  services: z.array(ServiceResult),
  machine: Machine.nullable(),
  summary: z.object({
    services: z.number().int(),
    up: z.number().int(),
    down: z.number().int(),
    other: z.number().int().describe('pending, starting, stopped, not checked…'),
    probes: z.number().int(),
    probesDown: z.number().int(),
    verdict: z.enum(['ok', 'down', 'invalid']),
    exitCode: z.number().int(),
  }),
});

export type CheckReport = z.infer<typeof CheckReportSchema>;
export type ServiceResult = z.infer<typeof ServiceResult>;
export type ProbeResult = z.infer<typeof ProbeResult>;
export type MachineVitals = z.infer<typeof Machine>;
export type CheckMode = CheckReport['mode'];

/** Statuses that make `check` exit 1. */
export function isDownStatus(status: ServiceResult['status']): boolean {
  return status === 'down' || status === 'restarting' || status === 'given_up';
}

/** The summary and exit code of a report's services (and the workspace's validity). */
export function summarize(report: Omit<CheckReport, 'summary'>): CheckReport['summary'] {
  const up = report.services.filter((service) => service.status === 'up' || service.status === 'running').length;
  const down = report.services.filter((service) => isDownStatus(service.status)).length;
  const probes = report.services.flatMap((service) => service.probes);
  const invalid = !report.workspace.valid || (report.order?.problems.length ?? 0) > 0;
  const verdict = invalid ? 'invalid' : down > 0 ? 'down' : 'ok';
  return {
    services: report.services.length,
    up,
    down,
    other: report.services.length - up - down,
    probes: probes.length,
    probesDown: probes.filter((probe) => probe.status === 'down').length,
    verdict,
    exitCode: CHECK_EXIT[verdict],
  };
}
