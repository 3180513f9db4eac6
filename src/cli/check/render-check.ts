import { formatSpan } from '../../core/monitoring/format-span';
import { formatBytes } from '../../shared/byte-size';
import { isDownStatus, type CheckReport, type ProbeResult, type ServiceResult } from '../../shared/check/check-report';
import type { Paint, StyleName } from '../colors';

const SERVICE_LOOK: Record<ServiceResult['status'], { mark: string; style: StyleName }> = {
  up: { mark: '✔', style: 'green' },
  running: { mark: '✔', style: 'green' },
  down: { mark: '✘', style: 'red' },
  restarting: { mark: '✘', style: 'red' },
  given_up: { mark: '✘', style: 'red' },
  pending: { mark: '◐', style: 'yellow' },
  starting: { mark: '◐', style: 'yellow' },
  waiting: { mark: '◐', style: 'yellow' },
  stopping: { mark: '◐', style: 'yellow' },
  unknown: { mark: '?', style: 'gray' },
  stopped: { mark: '■', style: 'gray' },
  not_checked: { mark: '·', style: 'gray' },
};

const PROBE_LOOK: Record<ProbeResult['status'], { mark: string; style: StyleName }> = {
  up: { mark: '✔', style: 'green' },
  down: { mark: '✘', style: 'red' },
  pending: { mark: '◐', style: 'yellow' },
  paused: { mark: '‖', style: 'gray' },
  unknown: { mark: '?', style: 'gray' },
};

const VERDICT: Record<CheckReport['summary']['verdict'], { word: string; style: StyleName }> = {
  ok: { word: 'ALL GOOD', style: 'green' },
  down: { word: 'DOWN', style: 'red' },
  invalid: { word: 'INVALID WORKSPACE', style: 'red' },
};

/** The report as an operator reads it: grouped by service, a word beside every colour, a summary line last. */
export function renderCheck(report: CheckReport, paint: Paint): string[] {
  const lines: string[] = [];
  const { workspace } = report;
  const where = [
    workspace.name,
    workspace.environment === null ? null : `environment ${workspace.environment}`,
    workspace.file,
    report.source === 'local' ? null : `asked ${report.source}`,
  ].filter((part) => part !== null);
  lines.push(paint('bold', `zervigo check · ${where.join(' · ')}`));
  if (!workspace.valid) {
    lines.push(`${paint('red', '✘ workspace invalid')}${report.source === 'local' ? '' : ' (the console keeps running its last good version)'}`);
    for (const issue of workspace.issues)
      lines.push(`  ${issue.file}:${issue.line}:${issue.col}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`);
  } else {
    lines.push(`${paint('green', '✔')} workspace valid`);
  }
  if (report.order !== null) {
    if (report.order.problems.length > 0) for (const problem of report.order.problems) lines.push(`${paint('red', '✘')} start order: ${problem}`);
    else if (report.order.levels.length > 0)
      lines.push(`${paint('green', '✔')} start order: ${report.order.levels.map((level, i) => `${i + 1}. ${level.join(', ')}`).join('  →  ')}`);
  }
  if (report.services.length > 0) {
    lines.push('');
    const width = Math.max(...report.services.map((service) => service.name.length));
    for (const service of report.services) lines.push(...serviceLines(service, width, paint));
  }
  if (report.machine !== null) {
    const machine = report.machine;
    lines.push('');
    const disks = machine.disks.map((disk) => `${disk.mountpoint} ${disk.usedPercent.toFixed(0)} % (${formatBytes(disk.freeBytes)} free)`).join(', ');
    lines.push(
      `${paint('bold', 'machine')} ${machine.host}: CPU ${machine.cpuPercent === null ? '–' : `${machine.cpuPercent.toFixed(0)} %`} · load ${machine.load.map((value) => value.toFixed(2)).join(' ')} · memory ${formatBytes(machine.memory.usedBytes)} of ${formatBytes(machine.memory.totalBytes)} (${machine.memory.percent.toFixed(0)} %)${disks === '' ? '' : ` · disk ${disks}`}`,
    );
    for (const warning of machine.warnings) lines.push(`  ${paint('yellow', '!')} ${paint('yellow', warning)}`);
  }
  lines.push('');
  lines.push(summaryLine(report, paint));
  return lines;
}

function serviceLines(service: ServiceResult, width: number, paint: Paint): string[] {
  const look = SERVICE_LOOK[service.status];
  const word = service.status.replace('_', ' ');
  const extra = [service.infra ? 'infra' : null, service.dependsOn.length > 0 ? `after ${service.dependsOn.join(', ')}` : null]
    .filter((part) => part !== null)
    .join(' · ');
  const head = `${paint(look.style, `${look.mark} ${word.padEnd(11)}`)} ${paint('bold', service.name.padEnd(width))}${extra === '' ? '' : `  ${paint('dim', extra)}`}`;
  const lines = [head];
  if (service.probes.length === 0 && service.reason !== null) lines.push(`    ${paint('dim', service.reason)}`);
  for (const probe of service.probes) {
    const probeLook = PROBE_LOOK[probe.status];
    const latency = probe.latencyMs === null ? '' : `  ${formatSpan(probe.latencyMs)}`;
    const reason = probe.reason === null ? '' : `  ${paint(probe.status === 'down' ? 'red' : 'dim', probe.reason)}`;
    lines.push(`    ${paint(probeLook.style, probeLook.mark)} ${probe.kind} ${probe.target}${paint('dim', latency)}${reason}`);
  }
  return lines;
}

export function summaryLine(report: CheckReport, paint: Paint): string {
  const summary = report.summary;
  const verdict = VERDICT[summary.verdict];
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const others = new Map<string, number>();
  for (const service of report.services)
    if (service.status !== 'up' && service.status !== 'running' && !isDownStatus(service.status))
      others.set(service.status.replace('_', ' '), (others.get(service.status.replace('_', ' ')) ?? 0) + 1);
  const given = report.services.filter((service) => service.status === 'given_up').length;
  const counts = [
    `${summary.up} up`,
    `${summary.down - given} down`,
    ...(given > 0 ? [`${given} given up`] : []),
    ...[...others].map(([word, count]) => `${count} ${word}`),
  ];
  const services =
    report.mode === 'order'
      ? `${plural(report.order?.levels.flat().length ?? 0, 'service')} in ${plural(report.order?.levels.length ?? 0, 'start level')}`
      : `${plural(summary.services, 'service')}: ${counts.join(', ')}`;
  const parts = [
    services,
    report.mode === 'order' ? null : `${plural(summary.probes, 'probe')}${summary.probesDown > 0 ? ` (${summary.probesDown} down)` : ''}`,
    formatSpan(report.durationMs),
  ].filter((part) => part !== null);
  return `${parts.join(' · ')} — ${paint(['bold', verdict.style], verdict.word)} (exit ${summary.exitCode})`;
}
