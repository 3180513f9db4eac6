import type { WalkEdge } from './dependency-walk';

/**
 * Dependencies that are real but not declared in depends_on, seen two ways:
 *  - in the logs: a service's error lines name another service, or an address it listens on
 *    ("connect ECONNREFUSED 127.0.0.1:6390", "db timeout");
 *  - in timing: a service whose own CPU rose no later than another's symptoms began (a noisy
 *    neighbour: what co-located processes share and take from each other is the CPU; a leak or
 *    a filling disk of one process does not slow the one beside it), or whose answers began to
 *    fail strictly earlier (a call nobody wrote down: which service failed first), while that
 *    other service has no anomalous declared dependency to blame.
 * Both are weaker than a declared edge.
 */
export interface ServiceAddressBook {
  name: string;
  /** Ports its probes or settings name (a line mentioning ":6390" points at it). */
  ports: readonly number[];
}

export const LOG_EDGE_WEIGHT = 0.7;
export const TIMING_EDGE_WEIGHT = 0.6;
/** Symptoms before symptoms say less than resources before symptoms: either may be a victim. */
export const SYMPTOM_EDGE_WEIGHT = 0.4;
/** Earlier by at least this much: not the same round of probes. */
export const SYMPTOM_LEAD_MS = 1_000;
/** A resource move up to this long after the symptom still counts (samples arrive every few seconds). */
export const TIMING_SLACK_MS = 15_000;

export function dependenciesInLogs(errorLines: ReadonlyMap<string, readonly string[]>, services: readonly ServiceAddressBook[]): WalkEdge[] {
  const edges: WalkEdge[] = [];
  for (const [service, lines] of errorLines) {
    for (const other of services) {
      if (other.name === service) continue;
      const name = nameInText(other.name);
      const ports = other.ports.map((port) => new RegExp(`:${port}(?!\\d)`));
      if (lines.some((line) => name.test(line) || ports.some((port) => port.test(line))))
        edges.push({ from: service, to: other.name, weight: LOG_EDGE_WEIGHT });
    }
  }
  return edges;
}

export interface TimingView {
  name: string;
  /** When its symptoms began (null: none). */
  symptomOnset: number | null;
  /** When its own resources began to rise, and how strongly (0..1). */
  resourceOnset: number | null;
  intrinsic: number;
  /** The same, of its CPU alone: what a neighbour takes from the services beside it. */
  cpuOnset: number | null;
  cpu: number;
  /** 0..1: how strongly its own answers (probes, latency, errors) or an outage moved; a resource alert alone is not this. */
  answering: number;
  anomaly: number;
  /** It went down or was given up on: a crash is its own, never a victim's symptom to explain by timing. */
  down?: boolean;
  /** An alert of its own fired. */
  alerted?: boolean;
}

/**
 * A victim whose own resources rose this strongly (0..1; about 20 spreads off its own baseline),
 * with an alert of its own, is its own direct evidence: it is not linked by symptom timing to a
 * service that merely slowed earlier (a caller's probe already slow on a busy machine before the
 * incident began). Only what it shares with its neighbours, the CPU, still links it.
 */
export const DIRECT_EVIDENCE = 0.9;
/**
 * A neighbour is linked through the machine only by a CPU rise this strong (0..1, its materiality
 * counted): a leak's garbage collection taking 2 -> 5.5 % of a core (0.6) slows nobody beside it,
 * and had linked a database slowed by its own fault to the leaking queue next to it.
 */
export const MACHINE_EDGE_CPU = 0.75;

/** `known`: edges already known (declared or seen in logs); timing never links against one of them (a caller is not waiting on its own callee's victim). */
export function dependenciesInTiming(
  views: readonly TimingView[],
  declared: ReadonlyMap<string, readonly string[]>,
  known: readonly WalkEdge[] = [],
  minIntrinsic = 0.5,
): WalkEdge[] {
  const edges: WalkEdge[] = [];
  const calls = new Set(known.map((edge) => `${edge.from}\u0000${edge.to}`));
  for (const [from, targets] of declared) for (const to of targets) calls.add(`${from}\u0000${to}`);
  const byName = new Map(views.map((view) => [view.name, view] as const));
  for (const victim of views) {
    if (victim.symptomOnset === null || victim.down === true) continue;
    const blamed = (declared.get(victim.name) ?? []).some((dependency) => (byName.get(dependency)?.anomaly ?? 0) >= 0.5);
    if (blamed) continue;
    // A victim whose own resources rose strongly, no later than its symptoms, is explained by
    // itself (a leak, a hog of its own): another service is linked to it only where it moved
    // strictly before those resources did. Otherwise any neighbour's noise in the same minute
    // would read as a noisy neighbour of the culprit.
    const ownMove =
      victim.resourceOnset !== null && victim.intrinsic >= minIntrinsic && victim.resourceOnset <= victim.symptomOnset ? victim.resourceOnset : null;
    const before = (at: number): boolean => ownMove === null || at <= ownMove - SYMPTOM_LEAD_MS;
    const explainedByItself = ownMove !== null && victim.alerted === true && victim.intrinsic >= DIRECT_EVIDENCE;
    for (const suspect of views) {
      if (suspect.name === victim.name || calls.has(`${suspect.name}\u0000${victim.name}`)) continue;
      if (
        suspect.cpuOnset !== null &&
        suspect.cpu >= Math.max(minIntrinsic, MACHINE_EDGE_CPU) &&
        suspect.cpuOnset <= victim.symptomOnset + TIMING_SLACK_MS &&
        before(suspect.cpuOnset)
      )
        edges.push({ from: victim.name, to: suspect.name, weight: TIMING_EDGE_WEIGHT, through: 'machine' });
      // A service whose own symptoms began strictly earlier, and strongly, is what this one may be waiting on.
      // (Its own answers must back it: an alert alone, already on its way before the onset, or one about a resource, links nothing.)
      // A paged victim waits only on a suspect that is paged or down too (pagedAsMuch).
      else if (
        !explainedByItself &&
        pagedAsMuch(victim, suspect) &&
        suspect.symptomOnset !== null &&
        suspect.answering > minIntrinsic &&
        suspect.symptomOnset <= victim.symptomOnset - SYMPTOM_LEAD_MS &&
        before(suspect.symptomOnset)
      )
        edges.push({ from: victim.name, to: suspect.name, weight: SYMPTOM_EDGE_WEIGHT });
    }
  }
  return edges;
}

/**
 * Whether a suspect's trouble reached the bar the victim's did, for a link by symptom timing alone:
 * when the victim alerts, the suspect alerts or went down too. On a loaded machine every probe
 * wobbles, and an unpaged bystander's probe that slowed a second or two before a paged service's
 * had been taken for what it waits on (latency in queue at load 8: api's probe at 220 ms from 2 s
 * before queue's 650 ms, no alert; queue linked to api and api ranked first, queue fourth). A real
 * undeclared dependency that slowed or failed is paged too (the slow store alerted 0.2-3 s after
 * its caller). Without an alert on the victim, the weaker evidence on both sides is compared as before.
 */
function pagedAsMuch(victim: TimingView, suspect: TimingView): boolean {
  return victim.alerted !== true || suspect.alerted === true || suspect.down === true;
}

/** Matches a service's name as a word of a log line ("db timeout", not "dbx"). */
export function nameInText(name: string): RegExp {
  return new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(name)}($|[^A-Za-z0-9_-])`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
