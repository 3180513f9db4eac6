import { formatDuration } from '../../shared/duration';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import type { WorkspaceConfig } from './schema';

/** A quota a workspace breaks, at the path of what breaks it (the first probe over the count, a probe's every). */
export interface QuotaProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The probe quotas of a server's workspace: the count across services, and the shortest interval.
 * Checked at every load and edit, so a workspace over its quota is refused with file:line like any
 * other mistake, and the last good version keeps running.
 */
export function probeQuotaProblems(config: WorkspaceConfig, quotas: WorkspaceQuotas | undefined): QuotaProblem[] {
  if (quotas === undefined) return [];
  const problems: QuotaProblem[] = [];
  let count = 0;
  for (const [service, spec] of Object.entries(config.services)) {
    spec.probes.forEach((probe, index) => {
      count++;
      const path = ['services', service, 'probes', index];
      if (quotas.probes !== undefined && count === quotas.probes + 1)
        problems.push({ path, message: `quota probes: this workspace may have at most ${quotas.probes} probes; this is probe ${count}` });
      if (quotas.minProbeIntervalMs !== undefined && probe.every < quotas.minProbeIntervalMs)
        problems.push({
          path: [...path, 'every'],
          message: `quota min_probe_interval: probes here run at most every ${formatDuration(quotas.minProbeIntervalMs)}; this one is every ${formatDuration(probe.every)}`,
        });
    });
  }
  if (quotas.probes !== undefined && count > quotas.probes && problems.length > 0) {
    const first = problems.find((problem) => problem.message.startsWith('quota probes'));
    if (first !== undefined) first.message += ` (${count} in all)`;
  }
  return problems;
}

/** The workspace as it runs under its quotas: its log storage no larger than the server allows. */
export function withinLogQuota<C extends { storage: { logs: { max_size: number } } }>(config: C, quotas: WorkspaceQuotas | undefined): C {
  const limit = quotas?.logStorageBytes;
  if (limit === undefined || config.storage.logs.max_size <= limit) return config;
  return { ...config, storage: { ...config.storage, logs: { ...config.storage.logs, max_size: limit } } };
}
