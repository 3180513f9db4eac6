import { budgetWords, day, number, percent, span, statusWord, summaryLines, trendWords, when } from './report-format';
import type { Report } from './report-schema';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (headers: string[], rows: string[][]): string[] => [
  `| ${headers.join(' | ')} |`,
  `|${headers.map(() => '---').join('|')}|`,
  ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
];

/** The report as Markdown: a summary, then a section per subject, tables for the lists. */
export function renderMarkdown(report: Report): string {
  const offset = report.period.utcOffsetMinutes;
  const lines: string[] = [`# Service report: ${report.workspace.name}, ${report.period.label}`, '', ...summaryLines(report).map((line) => `- ${line}`), ''];
  if (report.empty) {
    lines.push('Nothing was recorded in this period.', '');
    return lines.join('\n');
  }
  lines.push(
    '## Availability',
    '',
    ...table(
      ['Service', 'Availability', 'SLO', 'Status', 'Error budget', 'Checks (failed)', 'Restarts', 'Latency avg / max', 'Latency trend'],
      report.services.map((service) => [
        service.name,
        percent(service.availability),
        `${service.slo} %`,
        statusWord(service),
        budgetWords(service),
        `${service.checks} (${service.failedChecks})`,
        `${service.restarts}${service.givenUp > 0 ? `, gave up ${service.givenUp}×` : ''}`,
        `${number(service.latencyMs.avg, 'ms')} / ${number(service.latencyMs.max, 'ms')}`,
        trendWords(service.latencyMs.trend, 'ms'),
      ]),
    ),
    '',
  );
  lines.push('## Incidents', '');
  if (report.incidents.length === 0) lines.push('No alert fired.', '');
  else
    lines.push(
      ...table(
        ['Alert', 'Labels', 'Fired', 'Acknowledged', 'Resolved', 'Time to acknowledge', 'Time to resolve'],
        report.incidents.map((incident) => [
          incident.alertname,
          Object.entries(incident.labels)
            .filter(([key]) => key !== 'alertname')
            .map(([key, value]) => `${key}=${value}`)
            .join(', '),
          when(incident.firedAt, offset),
          incident.acknowledgedAt === null
            ? '–'
            : `${when(incident.acknowledgedAt, offset)}${incident.acknowledgedBy === null ? '' : ` by ${incident.acknowledgedBy}`}`,
          incident.resolvedAt === null ? 'still firing' : when(incident.resolvedAt, offset),
          span(incident.timeToAcknowledgeMs),
          span(incident.timeToResolveMs),
        ]),
      ),
      '',
    );
  lines.push('## Restarts and given-up services', '');
  if (report.restarts.length === 0 && report.givenUp.length === 0) lines.push('No restarts.', '');
  else
    lines.push(
      ...table(
        ['When', 'Service', 'What', 'By', 'Outcome', 'Message'],
        [...report.givenUp.map((event) => ({ ...event, what: 'gave up' })), ...report.restarts.map((event) => ({ ...event, what: 'restart' }))]
          .sort((a, b) => b.at - a.at)
          .slice(0, 50)
          .map((event) => [when(event.at, offset), event.service, event.what, event.actor, event.outcome, event.message ?? '']),
      ),
      '',
    );
  lines.push('## Error log patterns', '');
  if (report.logs.topErrorPatterns.length === 0) lines.push('No error lines.', '');
  else
    lines.push(
      ...table(
        ['Service', 'Lines', 'Pattern'],
        report.logs.topErrorPatterns.map((pattern) => [pattern.service, String(pattern.lines), `\`${pattern.template}\``]),
      ),
      '',
    );
  if (report.logs.newPatterns.length > 0)
    lines.push(
      'New patterns in the period:',
      '',
      ...table(
        ['Service', 'Level', 'First seen', 'Pattern'],
        report.logs.newPatterns.map((pattern) => [pattern.service, pattern.level, when(pattern.firstSeen, offset), `\`${pattern.template}\``]),
      ),
      '',
    );
  lines.push(
    '## Resources',
    '',
    ...table(
      ['Resource', 'Average', 'Peak', 'Trend'],
      [
        ...report.machine.resources.map((resource) => [
          `machine ${resource.name}`,
          number(resource.avg, resource.unit),
          number(resource.max, resource.unit),
          trendWords(resource.trend, resource.unit),
        ]),
        ...report.services
          .filter((service) => service.cpuPercent.avg !== null)
          .map((service) => [
            `${service.name} CPU`,
            number(service.cpuPercent.avg, '%'),
            number(service.cpuPercent.max, '%'),
            trendWords(service.cpuPercent.trend, '%'),
          ]),
        ...report.services
          .filter((service) => service.memoryBytes.avg !== null)
          .map((service) => [
            `${service.name} memory`,
            number(service.memoryBytes.avg, 'B'),
            number(service.memoryBytes.max, 'B'),
            trendWords(service.memoryBytes.trend, 'B'),
          ]),
      ],
    ),
    '',
  );
  if (report.machine.disks.length > 0)
    lines.push(
      'Disks:',
      '',
      ...table(
        ['Mount', 'Used', 'Growth', 'Full in'],
        report.machine.disks.map((disk) => [
          disk.mountpoint,
          number(disk.usedPercent, '%'),
          disk.perDay === null ? '–' : `${disk.perDay >= 0 ? '+' : ''}${disk.perDay.toFixed(2)} %/day`,
          disk.daysUntilFull === null ? 'not filling' : `${Math.round(disk.daysUntilFull)} days`,
        ]),
      ),
      '',
    );
  if (report.notes.length > 0) lines.push('## Notes', '', ...report.notes.map((note) => `- ${note}`), '');
  lines.push(
    `_Generated ${when(report.generatedAt, offset)} (UTC${offset >= 0 ? '+' : '−'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}) by Zervigo; daily availability from ${report.services[0]?.daily[0] === undefined ? '–' : day(report.services[0].daily[0].day, offset)}._`,
    '',
  );
  return lines.join('\n');
}
