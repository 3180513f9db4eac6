import type { CauseEvidence, IncidentCause } from '../../../shared/types/incidents';
import { scoreChanges, type ChangeRecord } from './change-timing';
import { consequencesOf, type ConsequenceView } from './consequences';
import { dependencyWalk, type WalkEdge, type WalkNode } from './dependency-walk';
import { DIRECT_EVIDENCE, MACHINE_EDGE_CPU, dependenciesInTiming, nameInText, type TimingView } from './inferred-dependencies';
import { NEW_PATTERN_SCORE, PATTERN_LEAD_MS, scorePatterns, type PatternRecord } from './log-pattern-evidence';
import { onsetOrder } from './onset-order';
import { deviationStrength, type Deviation } from './robust-deviation';
import { materiality, receivedTrafficFell, type SeriesRole } from './series-role';

/**
 * The ranking: every signal above, combined. A service's score mixes where a walk from the
 * symptoms settles (the dependency graph, declared and inferred), how much its own resources
 * moved, how anomalous it is at all and how early it moved; changes just before the onset
 * that touched the trouble, and new error patterns, stand beside the services. A service with
 * no evidence is never a candidate, so an incident with no evidence has no causes, and says so.
 */
export interface SeriesEvidence {
  selector: string;
  metric: string;
  role: SeriesRole;
  deviation: Deviation;
}

export interface ServiceEvidence {
  name: string;
  dependsOn: readonly string[];
  series: readonly SeriesEvidence[];
  alerts: readonly { alertname: string; fingerprint: string; firedAt: number }[];
  outage: { at: number; status: string } | null;
  /** An earlier incident, still open and not linked to this one, already holds this service (an unrelated alert firing before). */
  heldBy: number | null;
}

export interface RankingInput {
  onset: number;
  now: number;
  /** Where charts in the evidence begin. */
  chartStart: number;
  services: readonly ServiceEvidence[];
  /** Dependencies seen in the logs (dependenciesInLogs). */
  logEdges: readonly WalkEdge[];
  changes: readonly ChangeRecord[];
  patterns: readonly PatternRecord[];
  /** Whether any service had enough history before the onset to compare against. */
  hadBaseline: boolean;
  /** The causes (`kind:target`) the incident's previous ranking listed: they stay listed down to KEPT_SHARE_OF_TOP. */
  listed?: ReadonlySet<string>;
}

export interface Ranking {
  causes: IncidentCause[];
  note: string | null;
}

const WEIGHTS = { walk: 0.4, intrinsic: 0.25, anomaly: 0.15, onset: 0.2 } as const;
/** Services stay below a fully relevant change just before the onset. */
const SERVICE_CEILING = 0.9;
const HELD_ELSEWHERE = 0.3;
const ALERT_ALONE = 0.5;
const MAX_CAUSES = 10;
/**
 * A candidate scoring under this share of the top one has next to no evidence (a caller's probe a
 * few milliseconds slower): it is not listed. Such candidates came and went from one ranking to the
 * next (0.002 beside 0.675) and reshuffled the list long after the cause was clear.
 */
export const MIN_SHARE_OF_TOP = 0.1;
/**
 * A candidate already listed leaves the list only under this share: one that hovered about the
 * cut (a victim's probe wobbling 0.09-0.11 of the top) came and went from one ranking to the next
 * and kept the top three from settling for the 30 s an operator waits.
 */
export const KEPT_SHARE_OF_TOP = 0.05;
const CPU = /cpu/;
/** The share of a symptom series' move that counts when it never lasted two samples (sustainedShare). */
export const ISOLATED_SHARE = 1 / 3;

interface ServiceFacts {
  evidence: ServiceEvidence;
  anomaly: number;
  symptom: number;
  intrinsic: number;
  symptomOnset: number | null;
  resourceOnset: number | null;
  cpu: number;
  cpuOnset: number | null;
  answering: number;
  onset: number | null;
  /** When a service with no onset (its symptoms never lasted two samples) first moved at all. */
  firstAway: number | null;
  strongest: { series: SeriesEvidence; strength: number }[];
}

export function rankCauses(input: RankingInput): Ranking {
  const ownLines = ownErrorPatterns(input);
  const facts = input.services.map((service) => factsOf(service, ownLines.get(service.name)));
  weighSoleResourceAlert(facts);
  const byName = new Map(facts.map((fact) => [fact.evidence.name, fact] as const));
  const declared = new Map(input.services.map((service) => [service.name, service.dependsOn] as const));
  const declaredEdges: WalkEdge[] = input.services.flatMap((service) => service.dependsOn.map((to) => ({ from: service.name, to, weight: 1 })));
  const timingViews: TimingView[] = facts.map((fact) => ({
    name: fact.evidence.name,
    symptomOnset: fact.symptomOnset,
    resourceOnset: fact.resourceOnset,
    intrinsic: fact.intrinsic,
    cpuOnset: fact.cpuOnset,
    cpu: fact.cpu,
    answering: fact.answering,
    anomaly: fact.anomaly,
    down: fact.evidence.outage !== null,
    alerted: fact.evidence.alerts.length > 0,
  }));
  const timingEdges = dependenciesInTiming(timingViews, declared, input.logEdges);
  const edges = [...declaredEdges, ...input.logEdges, ...timingEdges];
  const nodes: WalkNode[] = facts.map((fact) => ({
    name: fact.evidence.name,
    symptom: fact.evidence.heldBy === null ? fact.symptom : fact.symptom * HELD_ELSEWHERE,
    anomaly: fact.anomaly,
    // An alert counts towards the pull of a call (ServiceSlow says its answers moved, even when its
    // probes' baseline was too noisy to show it); a resource that rose does not.
    answering: fact.symptom,
    intrinsic: fact.intrinsic,
    // A service that went down is never walked away from for moving late: its outage is recorded
    // when it stopped answering for good (after its restarts), later than the failure its callers saw at once.
    onset: fact.evidence.outage === null ? fact.onset : null,
  }));
  const walk = dependencyWalk(nodes, edges);
  const walkMax = Math.max(0, ...walk.values());
  const onsets = new Map<string, number>();
  for (const fact of facts) if (fact.onset !== null && fact.evidence.heldBy === null) onsets.set(fact.evidence.name, fact.onset);
  const order = onsetOrder(onsets);
  const firstOnset = Math.min(...onsets.values());

  const othersSuffer = (name: string): boolean => facts.some((other) => other.evidence.name !== name && other.symptom > 0 && other.evidence.heldBy === null);
  const causes: IncidentCause[] = [];
  for (const fact of facts) {
    if (fact.anomaly === 0 && fact.symptom === 0) continue;
    const name = fact.evidence.name;
    const walkShare = walkMax > 0 ? (walk.get(name) ?? 0) / walkMax : 0;
    const onsetScore = order.get(name) ?? 0;
    // Its own resources moving, and moving first, say it is the cause of the trouble only if it is
    // part of it: its answers moved, or the walk from the others' symptoms reaches it. A leak that
    // neither slows it nor is reached by anyone waiting is a problem of its own, beside this one.
    // Its CPU is the exception: the processes beside it share the machine's cores, so CPU it took
    // is part of any trouble the others show (a hog that answers fine, while a victim alerts) — when
    // it took enough to slow them: the bar that links a neighbour through the machine. A leak's
    // garbage collection (2 → 5 % of a core) had made an unrelated leak as relevant as its size.
    const machineCpu = fact.cpu >= MACHINE_EDGE_CPU ? fact.cpu : 0;
    const relevance = Math.max(fact.answering, walkShare, othersSuffer(name) ? machineCpu : 0);
    const mixed = WEIGHTS.walk * walkShare + relevance * (WEIGHTS.intrinsic * fact.intrinsic + WEIGHTS.onset * onsetScore) + WEIGHTS.anomaly * fact.anomaly;
    const score = SERVICE_CEILING * mixed * (fact.evidence.heldBy === null ? 1 : HELD_ELSEWHERE);
    const evidence: CauseEvidence[] = [];
    for (const alert of fact.evidence.alerts)
      evidence.push({
        kind: 'alert',
        text: `alert ${alert.alertname} fired at ${clock(alert.firedAt)}`,
        link: { kind: 'alert', fingerprint: alert.fingerprint },
      });
    if (fact.evidence.outage !== null)
      evidence.push({
        kind: 'alert',
        text: `${name} went ${fact.evidence.outage.status.replace('_', ' ')} at ${clock(fact.evidence.outage.at)}`,
        link: { kind: 'logs', service: name, query: null, start: input.chartStart, end: input.now },
      });
    for (const { series } of fact.strongest.slice(0, 3)) evidence.push(deviationEvidence(series, input));
    if (fact.onset !== null && onsetScore > 0)
      evidence.push({
        kind: 'onset',
        text:
          onsetScore === 1
            ? `${name} moved first${fact.onset === firstOnset ? '' : ' (with others within seconds)'}, at ${clock(fact.onset)}`
            : `${name} moved at ${clock(fact.onset)}, ${seconds(fact.onset - firstOnset)} after the first service`,
        link: null,
      });
    evidence.push(...graphEvidence(name, edges, byName, walkShare, declaredEdges, timingEdges));
    if (fact.evidence.heldBy !== null)
      evidence.push({ kind: 'alert', text: `${name} was already part of incident ${fact.evidence.heldBy} before this one began`, link: null });
    causes.push({ kind: 'service', target: name, service: name, score: round(score), evidence });
    // The series that moved most, as candidates of their own, just below their service.
    for (const { series, strength } of fact.strongest.slice(0, 2))
      causes.push({
        kind: 'series',
        target: series.selector,
        service: name,
        score: round(score * 0.9 * strength),
        evidence: [deviationEvidence(series, input)],
      });
  }

  const symptomatic = new Set(facts.filter((fact) => fact.symptom > 0 && fact.evidence.heldBy === null).map((fact) => fact.evidence.name));
  const neighbours = new Set<string>();
  for (const edge of edges) {
    if (symptomatic.has(edge.from)) neighbours.add(edge.to);
    if (symptomatic.has(edge.to)) neighbours.add(edge.from);
  }
  for (const { change, score, reason } of scoreChanges(input.changes, input.onset, symptomatic, neighbours)) {
    causes.push({
      kind: 'change',
      target: change.target,
      service: change.services.length === 1 ? (change.services[0] as string) : null,
      score: round(score),
      evidence: [{ kind: 'change', text: `${change.actor}: ${change.detail} at ${clock(change.at)}, ${reason}`, link: change.link }],
    });
  }
  const relevant = new Set([...symptomatic, ...neighbours]);
  // A pattern weighs as much as its service does: "upstream failed" in a victim is a symptom, the same line in the root is evidence.
  const serviceScores = new Map(causes.filter((cause) => cause.kind === 'service').map((cause) => [cause.target, cause.score] as const));
  const bestService = Math.max(0, ...serviceScores.values());
  // A known dependency (declared, or seen in the logs) of each service: where its error lines may only be that dependency's failure, seen from it.
  const knownEdges = [...declaredEdges, ...input.logEdges];
  for (const { pattern, score, reason } of scorePatterns(input.patterns, input.onset, relevant)) {
    const hostScore = serviceScores.get(pattern.service) ?? 0;
    const host = bestService > 0 ? hostScore / bestService : 1;
    let weighed = score * (0.4 + 0.6 * host);
    let why = reason;
    // A victim's "db unreachable" lines, however many, are no likelier the cause than the victim itself.
    const worse = knownEdges.find((edge) => edge.from === pattern.service && (serviceScores.get(edge.to) ?? 0) > hostScore);
    if (worse !== undefined && hostScore > 0 && weighed > hostScore) {
      weighed = hostScore;
      why = `${reason}; ${pattern.service} depends on ${worse.to}, which ranks higher: the lines may only be its failure seen from ${pattern.service}`;
    }
    causes.push({
      kind: 'pattern',
      target: `${pattern.service}: ${pattern.template}`,
      service: pattern.service,
      score: round(weighed),
      evidence: [
        { kind: 'pattern', text: why, link: { kind: 'logs', service: pattern.service, query: null, start: input.onset - 5 * 60_000, end: input.now } },
      ],
    });
  }
  causes.sort((a, b) => b.score - a.score || kindOrder(a.kind) - kindOrder(b.kind));
  const ranked = withoutConsequences(causes, facts, knownEdges);
  const topScore = causes[0]?.score ?? 0;
  const floorOf = (cause: IncidentCause): number => (input.listed?.has(causeKey(cause)) === true ? KEPT_SHARE_OF_TOP : MIN_SHARE_OF_TOP) * topScore;
  const kept = ranked.filter((cause) => cause.score > 0 && cause.score >= floorOf(cause)).slice(0, MAX_CAUSES);
  return { causes: kept, note: noteFor(kept, input) };
}

/**
 * The causes without the services the top one explains (consequencesOf): their candidates leave
 * the list, and the top cause's evidence names each as its consequence, with when it began.
 */
function withoutConsequences(causes: readonly IncidentCause[], facts: readonly ServiceFacts[], edges: readonly WalkEdge[]): IncidentCause[] {
  const top = causes[0];
  if (top === undefined || top.kind === 'change' || top.service === null) return [...causes];
  const cause = top.service;
  const views: ConsequenceView[] = facts.map((fact) => ({
    name: fact.evidence.name,
    // A service whose moves never lasted began when it first moved at all (its isolated stalls).
    onset: fact.onset ?? fact.firstAway,
    intrinsic: fact.intrinsic,
    down: fact.evidence.outage !== null,
    alerted: fact.evidence.alerts.length > 0,
    held: fact.evidence.heldBy !== null,
  }));
  const consequences = consequencesOf(cause, views, edges);
  if (consequences.length === 0) return [...causes];
  const explained = new Set(consequences.map((consequence) => consequence.name));
  const lines: CauseEvidence[] = consequences.map((consequence) => {
    const when = `began to suffer at ${clock(consequence.onset)}, ${seconds(consequence.afterMs)} after ${cause} moved, with nothing of its own`;
    const text =
      consequence.calls === 'no'
        ? `${consequence.name} ${when} and no alert: later than ${cause}, so not where this began; not a candidate of its own`
        : `${consequence.name} depends on ${cause}${consequence.calls === 'directly' ? '' : ' through the services it calls'} and ${when}: ${cause}'s consequence, not a candidate of its own`;
    return { kind: 'graph', text, link: null };
  });
  return causes
    .filter((entry) => entry.service === null || !explained.has(entry.service))
    .map((entry) => (entry.kind === 'service' && entry.target === cause ? { ...entry, evidence: [...entry.evidence, ...lines] } : entry));
}

/**
 * How strongly each service's own new error lines (or a burst of them) speak for it: as much as a
 * resource that rose, when its lines name no other service or its address (then they may only be
 * that one's failure, seen from here). Without this a service's own error burst was walked away
 * from to whichever dependency's probe wobbled in the same second on a loaded machine.
 */
function ownErrorPatterns(input: RankingInput): Map<string, OwnLines> {
  const namesAnother = new Set(input.logEdges.map((edge) => edge.from));
  const everyone = new Set(input.services.map((service) => service.name));
  const own = new Map<string, OwnLines>();
  for (const { pattern, score } of scorePatterns(input.patterns, input.onset, everyone)) {
    if (namesAnother.has(pattern.service) || input.services.some((other) => other.name !== pattern.service && nameInText(other.name).test(pattern.template)))
      continue;
    const known = own.get(pattern.service);
    // A new pattern began when it was first seen; a burst of an old one some time within the read stretch (no moment of its own).
    const since = pattern.firstSeen >= input.onset - PATTERN_LEAD_MS ? pattern.firstSeen : null;
    own.set(pattern.service, {
      strength: Math.max(known?.strength ?? 0, score / NEW_PATTERN_SCORE),
      since: since === null ? (known?.since ?? null) : Math.min(since, known?.since ?? since),
    });
  }
  return own;
}

interface OwnLines {
  strength: number;
  since: number | null;
}

function factsOf(evidence: ServiceEvidence, ownLines: OwnLines = { strength: 0, since: null }): ServiceFacts {
  const strongest = evidence.series
    // A tiny move against a tight baseline (a latency, a usage) is a small one: it neither starts a walk nor links a timing edge on its own.
    .map((series) => ({
      series,
      strength: deviationStrength(series.deviation.score) * materiality(series.metric, series.deviation) * sustainedShare(series),
    }))
    .filter((entry) => entry.strength > 0)
    .sort((a, b) => b.strength - a.strength);
  // Less traffic reaching a service (its callers stopped calling) is their trouble, not its own:
  // it neither makes it a symptom nor dates its onset. Without this, a database whose callers
  // failed read as failing itself (its requests halved) and outranked the caller that broke.
  const telling = strongest.filter((entry) => !receivedTrafficFell(entry.series.metric, entry.series.deviation));
  const max = (role: SeriesRole | null): number =>
    Math.max(0, ...telling.filter((entry) => role === null || entry.series.role === role).map((entry) => entry.strength));
  const earliest = (role: SeriesRole): number | null => {
    const times = telling
      .filter((entry) => entry.series.role === role && entry.series.deviation.onset !== null)
      .map((entry) => entry.series.deviation.onset as number);
    return times.length === 0 ? null : Math.min(...times);
  };
  const symptomSeriesOnset = earliest('symptom');
  // When its answers began to fail or slow, as its own series, lines and outage show it (not its
  // alerts: an alert may be about a resource, and says nothing of when the answers moved).
  const answersMoved = [symptomSeriesOnset, ownLines.since, evidence.outage?.at ?? null].filter((value): value is number => value !== null);
  const answersMovedAt = answersMoved.length === 0 ? null : Math.min(...answersMoved);
  // What a fault does to its own host is make its resources rise (a hog, a leak, a filling disk; a
  // crash is an outage). Resources falling are what less traffic reaching a service looks like:
  // anomalous, but not something the service did. Nor is a rise that began after its answers had
  // moved: memory held by requests waiting on a slow dependency is the trouble's consequence.
  const rose = strongest.filter(
    (entry) =>
      entry.series.role === 'resource' &&
      entry.series.deviation.peak >= entry.series.deviation.baselineMedian &&
      !roseAfter(entry.series.deviation, answersMovedAt),
  );
  const intrinsic = Math.max(ownLines.strength, ...rose.map((entry) => entry.strength));
  const cpuRose = rose.filter((entry) => CPU.test(entry.series.metric));
  const explicit = [...evidence.alerts.map((alert) => alert.firedAt), ...(evidence.outage === null ? [] : [evidence.outage.at])];
  // Its own error lines are its answers failing, as a symptom series would show them.
  const symptomTimes = [...explicit, ...[symptomSeriesOnset, ownLines.since].filter((value): value is number => value !== null)];
  const symptomOnset = symptomTimes.length === 0 ? null : Math.min(...symptomTimes);
  const firstRise = (entries: typeof rose): number | null => {
    const times = entries.filter((entry) => entry.series.deviation.onset !== null).map((entry) => entry.series.deviation.onset as number);
    return times.length === 0 ? null : Math.min(...times);
  };
  const anyResourceOnset = earliest('resource');
  const onsetTimes = [symptomOnset, anyResourceOnset].filter((value): value is number => value !== null);
  // An outage is certain; an alert whose service's own series did not move from their baseline is
  // half the evidence (its condition held before the onset too: an alert already on its way).
  const answering = Math.max(max('symptom'), evidence.outage !== null ? 1 : 0, ownLines.strength);
  const symptom = Math.max(answering, evidence.alerts.length > 0 ? ALERT_ALONE : 0);
  return {
    evidence,
    anomaly: Math.max(max(null), symptom),
    symptom,
    intrinsic,
    symptomOnset,
    resourceOnset: firstRise(rose),
    cpu: Math.max(0, ...cpuRose.map((entry) => entry.strength)),
    cpuOnset: firstRise(cpuRose),
    answering,
    onset: onsetTimes.length === 0 ? null : Math.min(...onsetTimes),
    firstAway: firstOf(telling.map((entry) => entry.series.deviation.firstAwayAt ?? null)),
    strongest,
  };
}

function firstOf(times: readonly (number | null)[]): number | null {
  const known = times.filter((time): time is number => time !== null);
  return known.length === 0 ? null : Math.min(...known);
}

/**
 * How much of a symptom series' move counts by whether it lasted: one that never stayed away from
 * its baseline for two samples in a row (no onset of its own: a probe's isolated 220 ms stalls on a
 * loaded machine, each followed by a normal answer) counts ISOLATED_SHARE of its size. A service
 * whose answers really slowed or failed shows it sample after sample; a bystander whose probe
 * stalled now and then had taken the walk from its slowed caller and first place (db 0.495 above
 * api 0.383, api's probe at 860 ms for every sample). Its own resources are weighed by other rules.
 */
function sustainedShare(series: SeriesEvidence): number {
  return series.role === 'symptom' && series.deviation.onset === null ? ISOLATED_SHARE : 1;
}

/**
 * Whether a resource's rise began after `since` (its service's answers moved), beyond doubt: seen
 * more than two of its sampling gaps later. A series sampled every few seconds shows a rise up to
 * one gap late, and a rate or average over the gap (CPU) may show a rise that began inside it only
 * from the next sample: a hog slowing its own probe at once has its CPU seen 1-2 s after the probe.
 * A leak, a hog or a filling disk that causes the trouble rises before the answers move; a rise
 * well after them (auth's memory 63 -> 93 MB, 7 s after its probe slowed on a slow database) is
 * what the trouble did to it. Without the series' gap it cannot be told, and the rise counts.
 */
function roseAfter(deviation: Deviation, since: number | null): boolean {
  if (since === null || deviation.onset === null || deviation.onsetGapMs === undefined) return false;
  return deviation.onset - 2 * deviation.onsetGapMs > since;
}

/**
 * An alert backed by its service's own resources far off their baseline (a leak, a hog), when no
 * other service is alerting about its answers, is the incident's direct evidence: it weighs as
 * strongly as those resources moved, not as half a symptom. On a busy machine other services'
 * probes wobble too, unalerted, and those wobbles had outweighed it (a leaking worker third behind
 * web and db). Where others are paged for failing answers, it may be beside the trouble (a leak
 * already alerting when a database slows) and stays half a symptom.
 */
function weighSoleResourceAlert(facts: ServiceFacts[]): void {
  const pagedForAnswers = (fact: ServiceFacts): boolean => (fact.evidence.alerts.length > 0 || fact.evidence.outage !== null) && fact.answering >= ALERT_ALONE;
  for (const fact of facts) {
    if (fact.evidence.alerts.length === 0 || fact.intrinsic < DIRECT_EVIDENCE) continue;
    if (facts.some((other) => other !== fact && pagedForAnswers(other))) continue;
    fact.symptom = Math.max(fact.symptom, fact.intrinsic);
    fact.anomaly = Math.max(fact.anomaly, fact.symptom);
  }
}

function deviationEvidence(series: SeriesEvidence, input: RankingInput): CauseEvidence {
  const deviation = series.deviation;
  const direction = deviation.peak >= deviation.baselineMedian ? 'rose' : 'fell';
  const since = deviation.onset === null ? '' : ` from ${clock(deviation.onset)}`;
  return {
    kind: 'deviation',
    text: `${series.selector} ${direction} to ${number(deviation.peak)} (usually ${number(deviation.baselineMedian)}; ${number(deviation.score)}× its usual spread${series.role === 'resource' ? ', its own resources' : ''})${since}`,
    link: { kind: 'chart', query: series.selector, start: input.chartStart, end: input.now },
  };
}

function graphEvidence(
  name: string,
  edges: readonly WalkEdge[],
  facts: ReadonlyMap<string, ServiceFacts>,
  walkShare: number,
  declared: readonly WalkEdge[],
  timing: readonly WalkEdge[],
): CauseEvidence[] {
  const lines: CauseEvidence[] = [];
  const sourceOf = (edge: WalkEdge): string =>
    declared.includes(edge) ? 'declared in depends_on' : timing.includes(edge) ? 'seen in timing' : 'seen in its logs';
  const dependents = edges.filter((edge) => edge.to === name && (facts.get(edge.from)?.symptom ?? 0) > 0);
  for (const edge of dependents.slice(0, 3))
    lines.push({ kind: 'graph', text: `${edge.from} depends on ${name} (${sourceOf(edge)}) and shows symptoms`, link: null });
  const sickDependencies = edges.filter((edge) => edge.from === name && (facts.get(edge.to)?.anomaly ?? 0) >= 0.5);
  for (const edge of sickDependencies.slice(0, 3))
    lines.push({ kind: 'graph', text: `${name} depends on ${edge.to} (${sourceOf(edge)}), which is anomalous too: it may only be suffering`, link: null });
  if (walkShare >= 0.999) lines.push({ kind: 'graph', text: `a walk from the symptoms along the dependency graph settles on ${name} most`, link: null });
  return lines;
}

function noteFor(causes: readonly IncidentCause[], input: RankingInput): string | null {
  if (causes.length > 0)
    return input.hadBaseline ? null : 'too little history before the onset to compare against: the ranking rests on alerts, timing and the graph alone';
  return input.hadBaseline
    ? 'no evidence points at a cause: no service moved from its baseline, no change came before the onset and no new error pattern appeared'
    : 'no evidence yet: too little history before the onset to compare against, and no change or new error pattern';
}

/** How a cause is known from one ranking to the next. */
export function causeKey(cause: Pick<IncidentCause, 'kind' | 'target'>): string {
  return `${cause.kind}:${cause.target}`;
}

function kindOrder(kind: IncidentCause['kind']): number {
  return ['change', 'service', 'pattern', 'series'].indexOf(kind);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? String(Math.round(value)) : String(Math.round(value * 100) / 100);
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** A time of day in UTC, as the evidence reads it. */
export function clock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}
