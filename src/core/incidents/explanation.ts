import type { ExplainRequest } from '../../shared/contract/assistant';
import type { EvidenceLink, Explanation, ExplanationLine, IncidentCause, IncidentView } from '../../shared/types/incidents';
import type { ServiceView } from '../../shared/types/service';
import { clock } from './rca/cause-ranking';
import type { ChangeRecord } from './rca/change-timing';

/**
 * Answers in plain, templated sentences built from the incidents' own evidence (offline, no
 * model): every claim carries the links it rests on. Nothing is said that the evidence does not
 * show: an incident without causes is answered with "no evidence", not a guess.
 */
export interface ExplainSources {
  now: number;
  services: readonly ServiceView[];
  /** Incidents overlapping [start, end], newest first. */
  incidents: (start: number, end: number) => IncidentView[];
  changes: (start: number, end: number) => ChangeRecord[];
}

export type ExplainInput = ExplainRequest & { incident?: number | undefined };

/** "what happened" without a range looks this far back; "why" and "what changed" look at the last day's incidents. */
const DEFAULT_RANGE_MS = 12 * 3_600_000;
const WHY_LOOKBACK_MS = 24 * 3_600_000;
/** "what changed before": this long before the onset. */
const CHANGES_BEFORE_MS = 60 * 60_000;

export function explain(request: ExplainInput, sources: ExplainSources, incidentById: (id: number) => IncidentView | undefined): Explanation {
  if (request.question === 'what_happened') return whatHappened(request, sources);
  const incident = request.incident !== undefined ? incidentById(request.incident) : latestFor(request.service, sources);
  if (request.question === 'what_changed') return whatChanged(request, sources, incident);
  return why(request, sources, incident);
}

function why(request: ExplainInput, sources: ExplainSources, incident: IncidentView | undefined): Explanation {
  const subject = request.service ?? (incident === undefined ? 'it' : incident.services.join(', '));
  const question = `why is ${subject} ${request.symptom === undefined ? 'in trouble' : symptomWord(request.symptom)}?`;
  const lines: ExplanationLine[] = [];
  const service = request.service === undefined ? undefined : sources.services.find((candidate) => candidate.name === request.service);
  if (service !== undefined)
    lines.push({ text: `${service.name} is ${service.status.replace('_', ' ')} now${service.reason === null ? '' : `: ${service.reason}`}.`, links: [] });
  if (incident === undefined) {
    lines.push({ text: `No incident involves ${subject} in the last day, so there is no evidence to explain it with.`, links: [] });
    return { question, lines, incidentIds: [] };
  }
  lines.push(...incidentLines(incident));
  return { question, lines, incidentIds: [incident.id] };
}

function whatChanged(request: ExplainInput, sources: ExplainSources, incident: IncidentView | undefined): Explanation {
  const subject = request.service ?? incident?.services.join(', ') ?? 'anything';
  const question = `what changed before ${subject} ${request.symptom === undefined ? 'had trouble' : `got ${symptomWord(request.symptom)}`}?`;
  const before = incident?.start ?? sources.now;
  const changes = sources
    .changes(before - CHANGES_BEFORE_MS, before)
    .filter(
      (change) =>
        request.service === undefined ||
        change.services.length === 0 ||
        change.services.includes(request.service) ||
        (incident?.services.some((name) => change.services.includes(name)) ?? false),
    );
  const lines: ExplanationLine[] = [];
  const when = incident === undefined ? 'now' : `${clock(incident.start)} (incident ${incident.id})`;
  if (changes.length === 0)
    lines.push({ text: `Nothing was changed in the hour before ${when}: no workspace version, deploy or restart by a person.`, links: [] });
  else {
    lines.push({ text: `${changes.length} change${changes.length === 1 ? '' : 's'} in the hour before ${when}, latest last:`, links: [] });
    for (const change of changes) lines.push({ text: `${clock(change.at)}: ${change.detail} (by ${change.actor}).`, links: [change.link] });
  }
  const ranked = incident?.causes.find((cause) => cause.kind === 'change');
  if (ranked !== undefined)
    lines.push({ text: `The ranking weighs ${ranked.target} at ${ranked.score}: ${ranked.evidence[0]?.text ?? ''}.`, links: linksOf(ranked) });
  return { question, lines, incidentIds: incident === undefined ? [] : [incident.id] };
}

function whatHappened(request: ExplainInput, sources: ExplainSources): Explanation {
  const { start, end } = rangeOf(request, sources.now);
  const question = `what happened between ${clock(start)} and ${clock(end)}?`;
  const incidents = sources.incidents(start, end).filter((incident) => request.service === undefined || incident.services.includes(request.service));
  if (incidents.length === 0)
    return { question, lines: [{ text: `Nothing happened: no incident between ${clock(start)} and ${clock(end)}.`, links: [] }], incidentIds: [] };
  const lines: ExplanationLine[] = [{ text: `${incidents.length} incident${incidents.length === 1 ? '' : 's'}, oldest first:`, links: [] }];
  for (const incident of [...incidents].reverse()) {
    const top = incident.causes[0];
    const span = incident.end === null ? `since ${clock(incident.start)}, still open` : `${clock(incident.start)} to ${clock(incident.end)}`;
    const cause =
      incident.confirmed !== null
        ? `the cause was confirmed as ${incident.confirmed.target} by ${incident.confirmed.by}`
        : top === undefined
          ? 'no evidence pointed at a cause'
          : `most likely ${describeCause(top)}`;
    lines.push({
      text: `Incident ${incident.id}, ${span}: ${incident.services.join(', ')} had trouble; ${cause}.`,
      links: top === undefined ? [] : linksOf(top),
    });
  }
  return { question, lines, incidentIds: incidents.map((incident) => incident.id) };
}

function incidentLines(incident: IncidentView): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  const symptoms = [
    ...incident.alerts.map((alert) => `alert ${alert.alertname} fired at ${clock(alert.firedAt)}`),
    ...incident.outages.map((outage) => `${outage.service} went ${outage.status.replace('_', ' ')} at ${clock(outage.at)}`),
  ];
  const alertLinks: EvidenceLink[] = incident.alerts.map((alert) => ({ kind: 'alert', fingerprint: alert.fingerprint }));
  lines.push({
    text: `Incident ${incident.id} ${incident.status === 'open' ? 'began' : 'ran from'} ${clock(incident.start)}${incident.end === null ? '' : ` to ${clock(incident.end)}`}${symptoms.length > 0 ? `: ${symptoms.slice(0, 4).join('; ')}` : ''}.`,
    links: alertLinks,
  });
  if (incident.confirmed !== null) lines.push({ text: `${incident.confirmed.by} confirmed the cause as ${incident.confirmed.target}.`, links: [] });
  const [top, ...rest] = incident.causes;
  // Names keep their case at the start of a sentence: "db went down", not "Db went down".
  const names = [...incident.services, ...incident.causes.map((cause) => cause.service ?? cause.target)];
  if (top === undefined) {
    lines.push({
      text: `${capitalise(incident.note ?? 'no evidence points at a cause: nothing moved from its baseline and nothing changed before it')}.`,
      links: [],
    });
  } else {
    lines.push({ text: `The most likely cause is ${describeCause(top)} (score ${top.score}).`, links: [] });
    for (const evidence of top.evidence.slice(0, 5))
      lines.push({ text: `${capitalise(evidence.text, names)}.`, links: evidence.link === null ? [] : [evidence.link] });
    const next = rest.filter((cause) => cause.kind !== 'series').slice(0, 2);
    if (next.length > 0)
      lines.push({
        text: `Also possible: ${next.map((cause) => `${describeCause(cause)} (${cause.score})`).join('; ')}.`,
        links: next.flatMap(linksOf).slice(0, 4),
      });
  }
  if (incident.previous !== null)
    lines.push({
      text: `Last time (incident ${incident.previous.incidentId}, ${clock(incident.previous.start)}) the cause was ${incident.previous.cause.target}, confirmed by ${incident.previous.cause.by}.`,
      links: [],
    });
  return lines;
}

function latestFor(service: string | undefined, sources: ExplainSources): IncidentView | undefined {
  const incidents = sources.incidents(sources.now - WHY_LOOKBACK_MS, sources.now);
  if (service === undefined) return incidents[0];
  return (
    incidents.find((incident) => incident.status === 'open' && incident.services.includes(service)) ??
    incidents.find((incident) => incident.services.includes(service) || incident.causes.some((cause) => cause.service === service))
  );
}

function rangeOf(request: ExplainInput, now: number): { start: number; end: number } {
  const end = request.end === undefined ? now : Date.parse(request.end);
  if (request.start !== undefined) return { start: Date.parse(request.start), end };
  if (request.range !== undefined) return { start: end - durationMs(request.range), end };
  return { start: end - DEFAULT_RANGE_MS, end };
}

function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(match[1]) * (units[match[2] as string] as number);
  return total;
}

function describeCause(cause: IncidentCause): string {
  if (cause.kind === 'service') return `the service ${cause.target}`;
  if (cause.kind === 'series') return `a move in ${cause.target}`;
  if (cause.kind === 'pattern') return `the log pattern "${cause.target}"`;
  return `the change ${cause.target}`;
}

function linksOf(cause: IncidentCause): EvidenceLink[] {
  return cause.evidence.flatMap((evidence) => (evidence.link === null ? [] : [evidence.link]));
}

function symptomWord(symptom: NonNullable<ExplainRequest['symptom']>): string {
  return { down: 'down', slow: 'slow', errors: 'failing', restarting: 'restarting', firing: 'alerting' }[symptom];
}

function capitalise(text: string, names: readonly string[] = []): string {
  const first = /^[^\s:,;(]+/.exec(text)?.[0] ?? '';
  // A service's name or a series selector ("probe_success{service=\"db\"}") is written as it is.
  if (names.includes(first) || /[^a-z]/.test(first)) return text;
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
