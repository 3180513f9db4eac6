import type { Command } from 'commander';
import { ZervigoError } from '../../shared/errors';
import type { IncidentDetail } from '../../shared/contract/incidents';
import type { EvidenceLink, Explanation, IncidentView } from '../../shared/types/incidents';
import { formatTimestamp } from '../output';
import { consoleClient, withServerOptions, type ServerFlags } from '../console-call';

/**
 * `zervigo incidents`: the running console's incidents with their ranked causes (GET
 * /incidents; `--json` prints exactly what the API returns); `incidents show|confirm`; and
 * `zervigo explain [SERVICE]`: why it is in trouble, in sentences with their evidence.
 */
type ServerOptions = Pick<ServerFlags, 'url' | 'token'>;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function registerIncidentsCommand(program: Command): void {
  const incidents = withServerOptions(
    program
      .command('incidents')
      .description('incidents with their causes ranked by evidence, newest first (GET /api/v1/incidents)')
      .option('--status <status>', 'only open or resolved ones')
      .option('--service <name>', 'only incidents where this service had a symptom')
      .option('--limit <n>', 'at most this many (default 100)')
      .option('--json', 'print what GET /api/v1/incidents returns'),
  ).action(async (options: { status?: string; service?: string; limit?: string; json?: boolean } & ServerOptions, command: Command) => {
    if (options.status !== undefined && options.status !== 'open' && options.status !== 'resolved')
      throw new ZervigoError('invalid_input', `--status is open or resolved, not "${options.status}"`);
    const query = new URLSearchParams();
    if (options.status !== undefined) query.set('status', options.status);
    if (options.service !== undefined) query.set('service', options.service);
    if (options.limit !== undefined) query.set('limit', options.limit);
    const list = await consoleClient(command, options).call<IncidentView[]>('GET', `/incidents${query.size > 0 ? `?${query.toString()}` : ''}`);
    if (options.json === true) {
      out(JSON.stringify(list));
      return;
    }
    if (list.length === 0) out('No incidents.');
    for (const incident of list) for (const line of describeIncident(incident, 3)) out(line);
  });
  withServerOptions(incidents.command('show <id>').description('one incident: every cause with its evidence, and how the ranking changed')).action(
    async (id: string, options: ServerOptions & { json?: boolean }, command: Command) => {
      const incident = await consoleClient(command, options).call<IncidentDetail>('GET', `/incidents/${encodeURIComponent(id)}`);
      for (const line of describeIncident(incident, 10)) out(line);
      out(
        `ranked ${incident.rankings} time${incident.rankings === 1 ? '' : 's'}; the order changed ${incident.history.length} time${incident.history.length === 1 ? '' : 's'}`,
      );
    },
  );
  withServerOptions(
    incidents.command('confirm <id> <kind> <target>').description('record what the cause was (operator): kind is service, series, pattern or change'),
  ).action(async (id: string, kind: string, target: string, options: ServerOptions, command: Command) => {
    const incident = await consoleClient(command, options).call<IncidentView>('POST', `/incidents/${encodeURIComponent(id)}/confirm`, { kind, target });
    out(`incident ${incident.id}: the cause is recorded as ${kind} ${target}`);
  });
  withServerOptions(
    program
      .command('explain [service]')
      .description('why a service is in trouble (or the latest incident), in sentences with their evidence')
      .option('--incident <id>', 'explain this incident')
      .option('--changed', 'what changed before it got into trouble')
      .option('--happened <range>', 'what happened over the last RANGE (e.g. 12h), instead')
      .option('--json', 'print what POST /api/v1/assistant/explain returns'),
  ).action(
    async (
      service: string | undefined,
      options: { incident?: string; changed?: boolean; happened?: string; json?: boolean } & ServerOptions,
      command: Command,
    ) => {
      const question = options.happened !== undefined ? 'what_happened' : options.changed === true ? 'what_changed' : 'why';
      const request = {
        question,
        ...(service === undefined ? {} : { service }),
        ...(options.incident === undefined ? {} : { incident: Number(options.incident) }),
        ...(options.happened === undefined ? {} : { range: options.happened }),
      };
      const explanation = await consoleClient(command, options).call<Explanation>('POST', '/assistant/explain', request);
      if (options.json === true) out(JSON.stringify(explanation));
      else for (const line of describeExplanation(explanation)) out(line);
    },
  );
}

export function describeIncident(incident: IncidentView, causes: number): string[] {
  const span =
    incident.end === null ? `since ${formatTimestamp(incident.start)} (open)` : `${formatTimestamp(incident.start)} – ${formatTimestamp(incident.end)}`;
  const lines = [`#${incident.id}  ${span}  ${incident.title}`];
  if (incident.confirmed !== null) lines.push(`  confirmed: ${incident.confirmed.kind} ${incident.confirmed.target} (by ${incident.confirmed.by})`);
  if (incident.previous !== null) lines.push(`  last time (#${incident.previous.incidentId}) the cause was ${incident.previous.cause.target}`);
  if (incident.causes.length === 0) lines.push(`  ${incident.note ?? 'no cause found yet'}`);
  for (const [index, cause] of incident.causes.slice(0, causes).entries()) {
    lines.push(`  ${index + 1}. ${cause.kind.padEnd(7)} ${cause.target}  (${cause.score.toFixed(3)})`);
    for (const evidence of cause.evidence.slice(0, 4)) lines.push(`       - ${evidence.text}${linkText(evidence.link)}`);
  }
  lines.push('');
  return lines;
}

export function describeExplanation(explanation: Explanation): string[] {
  return [explanation.question, ...explanation.lines.map((line) => `  ${line.text}${line.links.map(linkText).join('')}`)];
}

function linkText(link: EvidenceLink | null): string {
  if (link === null) return '';
  switch (link.kind) {
    case 'chart':
      return `  [chart: ${link.query}]`;
    case 'logs':
      return `  [logs: service:${link.service}${link.query === null ? '' : ` ${link.query}`}]`;
    case 'audit':
      return `  [audit #${link.auditId}]`;
    case 'workspace':
      return `  [workspace version ${link.versionId}${link.previousVersionId === null ? '' : `, diff against ${link.previousVersionId}`}]`;
    case 'alert':
      return `  [alert ${link.fingerprint}]`;
  }
}
