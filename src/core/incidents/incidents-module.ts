import type { AlertView } from '../../shared/types/alerts';
import type { IncidentAnomaly, IncidentCause, IncidentView } from '../../shared/types/incidents';
import type { AnomalyInsight } from '../../shared/types/insights';
import type { LogLine } from '../../shared/types/logs';
import type { ServiceView } from '../../shared/types/service';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Database } from '../store/database';
import type { SeriesStore } from '../store/series-store';
import { causeKey, rankCauses, type ServiceEvidence } from './rca/cause-ranking';
import { steadyOrder } from './rca/steady-order';
import { CHANGE_HORIZON_MS } from './rca/change-timing';
import { dependenciesInLogs } from './rca/inferred-dependencies';
import { changesBetween } from './change-reader';
import { errorPatternsSince, LEADS_MS, serviceSeries } from './evidence-reader';
import { IncidentStore, type StoredIncident } from './incident-store';
import { ResourceShiftWatch } from './resource-shifts';

/**
 * Opens, joins, ranks and closes incidents. Every engine tick it looks at what is wrong now:
 * firing alerts, services down (or given up), ongoing anomalies. Something new joins the open
 * incident it is related to (the same service, one linked by depends_on either way, or anything
 * within the first half-minute of an incident: a noisy neighbour shares no declared link), or
 * opens one. Open incidents are ranked again as evidence arrives (a new symptom at once, and
 * every `rankEveryMs`), and each change of order is kept. An incident resolves once nothing of
 * it has been wrong for `quietMs`.
 */
export interface IncidentsDeps {
  db: Database;
  series: SeriesStore;
  clock: Clock;
  logger: Logger;
  services: () => ServiceView[];
  alerts: () => AlertView[];
  anomalies: () => readonly AnomalyInsight[];
  /** Lines of one service between two times, newest first (the log store's search). */
  logLines: (service: string, start: number, end: number) => Promise<LogLine[]>;
  /** How long nothing of an incident must be wrong before it resolves (default QUIET_MS; the workspace's analysis.incidents.resolve_after). */
  quietMs?: () => number;
  /** Whether a service's own resources rising and holding is a symptom too (default yes; the workspace's analysis.anomalies.enabled). */
  watchResources?: () => boolean;
}

const DOWN = new Set(['down', 'given_up']);
export const JOIN_ANYTHING_MS = 30_000;
export const QUIET_MS = 2 * 60_000;
export const RANK_EVERY_MS = 5_000;
/**
 * An anomaly keeps an incident open only once it has lasted this long. Alerts and outages have
 * their own `for:` and restart budgets; an anomaly episode can be one odd sample, and a restarted
 * process settling raises one after another (CPU, memory, latency): each is joined to the
 * incident as evidence, but only symptoms that hold count as the incident still being wrong (and
 * only an anomaly that holds opens an incident of its own).
 */
export const SUSTAINED_MS = 30_000;
/**
 * A service's own resource far above its usual (resource-shifts: 6 spreads, by a material amount)
 * is surer than a detector's score, and a CPU hog on a busy machine may fire no rule at all: it
 * counts once it has held this long, so the incident it opens, and its ranking, come within the
 * 30 s an operator waits after the first alert (at 30 s the first ranking came at 31-33 s). A
 * restarted process settling (16 s of high CPU) still opens nothing.
 */
export const RESOURCE_HOLD_MS = 20_000;
/** Words of a line that says a call failed, whatever its level. */
const FAILURE_WORDS = /error|fail|refused|timed? ?out|unavailable|reset|unreachable|econn|eof/i;

export class IncidentsModule {
  readonly store: IncidentStore;
  private pass: Promise<void> | null = null;
  private stopped = false;
  private readonly lastRanked = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private readonly lastSeen = new Map<number, number>();
  /** When the last look was: an alert that fired and resolved since then (a service healed within a tick) still counts. */
  private lastObservedAt = Number.NEGATIVE_INFINITY;
  private changed = false;
  private readonly resourceShifts: ResourceShiftWatch;

  constructor(private readonly deps: IncidentsDeps) {
    this.store = new IncidentStore(deps.db);
    this.resourceShifts = new ResourceShiftWatch(deps.series, RESOURCE_HOLD_MS);
  }

  /** Looks at what is wrong now; opens, joins or resolves incidents. Cheap when nothing changed. */
  observe(): void {
    const now = this.deps.clock.now();
    const services = this.deps.services();
    const known = new Set(services.map((service) => service.name));
    const open = this.deps.db.transaction(() => this.store.open())();
    const symptoms = this.currentSymptoms(services, known, this.lastObservedAt);
    this.lastObservedAt = now;
    let changed = false;
    for (const symptom of symptoms) {
      if (open.some((incident) => holds(incident, symptom))) {
        const holder = open.find((incident) => holds(incident, symptom)) as StoredIncident;
        if (sustained(symptom, now)) this.lastSeen.set(holder.id, now);
        continue;
      }
      const target = open.find((incident) => this.related(incident, symptom, services));
      if (target !== undefined) {
        add(target, symptom);
        if (sustained(symptom, now)) {
          target.lastEventAt = now;
          this.lastSeen.set(target.id, now);
        }
        this.dirty.add(target.id);
        this.store.save(target, false);
      } else if (!sustained(symptom, now)) {
        // A blip opens nothing; the same episode opens an incident (from its start) once it has held.
        continue;
      } else {
        const incident: Omit<StoredIncident, 'id'> = {
          title: '',
          start: symptom.at,
          lastEventAt: now,
          resolvedAt: null,
          services: [],
          alerts: [],
          anomalies: [],
          outages: [],
          causes: [],
          note: 'ranking…',
          rankedAt: now,
          rankings: 0,
          confirmed: null,
        };
        add(incident, symptom);
        const id = this.store.create(incident);
        open.unshift({ ...incident, id });
        this.dirty.add(id);
      }
      changed = true;
    }
    for (const incident of open) {
      if (symptoms.some((symptom) => holds(incident, symptom) && sustained(symptom, now))) continue;
      // The last moment something of it was wrong: kept in memory while it lasts (no write per tick).
      incident.lastEventAt = Math.max(incident.lastEventAt, this.lastSeen.get(incident.id) ?? 0);
      if (now - incident.lastEventAt >= (this.deps.quietMs?.() ?? QUIET_MS)) {
        incident.resolvedAt = incident.lastEventAt;
        this.lastSeen.delete(incident.id);
        for (const alert of incident.alerts) alert.resolvedAt ??= incident.lastEventAt;
        for (const anomaly of incident.anomalies) anomaly.endedAt ??= incident.lastEventAt;
        this.store.save(incident, false);
        this.lastRanked.delete(incident.id);
        changed = true;
      }
    }
    if (changed) this.markChanged();
  }

  /** Something of the list changed (the tracker, or a command such as an acknowledgement): told to subscribers at the next tick. */
  markChanged(): void {
    this.changed = true;
  }

  /** Whether the list changed since the last call: however many changes a tick saw, subscribers hear once. */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  /** One engine tick: incidents open, join and resolve on what is wrong now; open ones are ranked again in the background. Failures are logged, never thrown into the tick. */
  track(): void {
    try {
      this.observe();
      void this.rankDue();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'tracking incidents failed');
    }
  }

  /** Ranks the open incidents that have new evidence or are due; one pass at a time. */
  rankDue(): Promise<void> {
    if (this.pass !== null || this.stopped) return this.pass ?? Promise.resolve();
    this.pass = this.rankPass().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Waits for a ranking under way, and starts no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.pass;
  }

  private async rankPass(): Promise<void> {
    try {
      const now = this.deps.clock.now();
      for (const incident of this.store.open()) {
        const due = this.dirty.has(incident.id) || now - (this.lastRanked.get(incident.id) ?? 0) >= RANK_EVERY_MS;
        if (!due) continue;
        this.dirty.delete(incident.id);
        this.lastRanked.set(incident.id, now);
        await this.rank(incident);
        if (this.stopped) return;
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'ranking an incident failed');
    }
  }

  /** Works one incident's causes out again from the store and saves them. */
  async rank(incident: StoredIncident): Promise<StoredIncident> {
    const now = this.deps.clock.now();
    const services = this.deps.services();
    const onset = incident.start;
    const others = this.store.open().filter((other) => other.id !== incident.id && other.start < incident.start);
    const evidence: ServiceEvidence[] = [];
    let hadBaseline = false;
    for (const service of services) {
      const read = serviceSeries(this.deps.series, service.name, onset, now);
      hadBaseline ||= read.hadBaseline;
      const heldBy = incident.services.includes(service.name) ? undefined : others.find((other) => other.services.includes(service.name));
      evidence.push({
        name: service.name,
        dependsOn: service.dependsOn,
        series: read.series,
        alerts: incident.alerts.filter((alert) => alert.service === service.name).map((alert) => ({ ...alert })),
        outage: incident.outages.find((outage) => outage.service === service.name) ?? null,
        heldBy: heldBy?.id ?? null,
      });
    }
    const lead = LEADS_MS[0] as number;
    const errorLines = new Map<string, string[]>();
    for (const service of services) {
      const lines = await this.deps.logLines(service.name, onset - lead, now);
      const failing = lines.filter((line) => line.level === 'error' || line.level === 'fatal' || line.level === 'warn' || FAILURE_WORDS.test(line.text));
      if (failing.length > 0)
        errorLines.set(
          service.name,
          failing.map((line) => line.text),
        );
    }
    const addressBook = services.map((service) => ({ name: service.name, ports: portsOf(service) }));
    const ranking = rankCauses({
      onset,
      now,
      chartStart: onset - 10 * 60_000,
      services: evidence,
      logEdges: dependenciesInLogs(errorLines, addressBook),
      changes: changesBetween(this.deps.db, onset - CHANGE_HORIZON_MS, now),
      patterns: errorPatternsSince(this.deps.db, this.deps.series, onset - lead, now),
      hadBaseline,
      listed: new Set(incident.causes.map(causeKey)),
    });
    // The incident may have resolved meanwhile; write only the ranking onto what is stored now.
    const current = this.store.get(incident.id) ?? incident;
    const causes = steadyOrder(current.causes, ranking.causes);
    const orderChanged = orderOf(current.causes) !== orderOf(causes);
    current.causes = causes;
    current.note = ranking.note;
    current.rankedAt = now;
    current.rankings += 1;
    current.title = titleOf(current, causes);
    this.store.save(current, orderChanged || current.rankings === 1);
    if (orderChanged) this.markChanged();
    return current;
  }

  /** Newest first, with what an operator confirmed on a similar earlier incident. */
  list(limit = 100, since?: number, until?: number): IncidentView[] {
    return this.store.list(limit, since, until).map((incident) => this.view(incident));
  }

  view(incident: StoredIncident): IncidentView {
    return {
      id: incident.id,
      title: incident.title,
      status: incident.resolvedAt === null ? 'open' : 'resolved',
      start: incident.start,
      end: incident.resolvedAt,
      services: incident.services,
      alerts: incident.alerts,
      anomalies: incident.anomalies,
      outages: incident.outages,
      causes: incident.causes,
      note: incident.note,
      rankedAt: incident.rankedAt,
      rankings: incident.rankings,
      confirmed: incident.confirmed,
      previous: this.store.previousConfirmed(incident),
    };
  }

  private currentSymptoms(services: readonly ServiceView[], known: ReadonlySet<string>, since: number): Symptom[] {
    const now = this.deps.clock.now();
    const symptoms: Symptom[] = [];
    for (const alert of this.deps.alerts()) {
      // Firing now, or fired and resolved since the last look: fast healing can end an outage
      // between two ticks, and that outage is still what the incident is about.
      const brief = alert.state === 'resolved' && alert.firedAt !== null && alert.resolvedAt !== null && alert.resolvedAt >= since;
      if (alert.state !== 'firing' && !brief) continue;
      const service = serviceOf(alert.labels, known);
      symptoms.push({ kind: 'alert', key: alert.fingerprint, service, at: alert.activeAt, alert });
    }
    for (const service of services) {
      if (DOWN.has(service.status))
        symptoms.push({
          kind: 'outage',
          key: `${service.name}:${service.status}`,
          service: service.name,
          at: now,
          status: service.status,
          reason: service.reason,
        });
    }
    for (const anomaly of this.deps.anomalies()) {
      if (anomaly.endedAt !== null) continue;
      symptoms.push(anomalySymptom(anomaly.series.selector, anomaly.service, anomaly.startedAt, SUSTAINED_MS));
    }
    // The detector learns a series for minutes first, and a hog on a busy machine may stay under every rule's threshold.
    if (this.deps.watchResources?.() ?? true)
      for (const shift of this.resourceShifts.check([...known], now))
        if (!symptoms.some((symptom) => symptom.key === `${shift.selector}@${shift.startedAt}`))
          symptoms.push(anomalySymptom(shift.selector, shift.service, shift.startedAt, RESOURCE_HOLD_MS));
    return symptoms;
  }

  private related(incident: StoredIncident, symptom: Symptom, services: readonly ServiceView[]): boolean {
    if (symptom.at - incident.start <= JOIN_ANYTHING_MS && symptom.at >= incident.start - JOIN_ANYTHING_MS) return true;
    if (symptom.service === null) return incident.services.length === 0 || incident.services.includes('machine');
    if (incident.services.includes(symptom.service)) return true;
    const neighbours = linked(services);
    return incident.services.some((service) => neighbours.get(service)?.has(symptom.service as string) === true);
  }
}

type Symptom =
  | { kind: 'alert'; key: string; service: string | null; at: number; alert: AlertView }
  | { kind: 'outage'; key: string; service: string; at: number; status: string; reason: string | null }
  /** `holdMs`: how long it must have lasted to count (a detector's anomaly, a resource shift). */
  | { kind: 'anomaly'; key: string; service: string | null; at: number; selector: string; holdMs: number };

function anomalySymptom(selector: string, service: string | null, startedAt: number, holdMs: number): Symptom {
  return { kind: 'anomaly', key: `${selector}@${startedAt}`, service, at: startedAt, selector, holdMs };
}

/** Whether a symptom counts as the incident still being wrong: an alert or outage always, an anomaly once it has held. */
function sustained(symptom: Symptom, now: number): boolean {
  return symptom.kind !== 'anomaly' || now - symptom.at >= symptom.holdMs;
}

function holds(incident: StoredIncident, symptom: Symptom): boolean {
  if (symptom.kind === 'alert') return incident.alerts.some((alert) => alert.fingerprint === symptom.key && alert.resolvedAt === null);
  if (symptom.kind === 'outage') return incident.outages.some((outage) => `${outage.service}:${outage.status}` === symptom.key);
  return incident.anomalies.some((anomaly) => `${anomaly.series}@${anomaly.startedAt}` === symptom.key);
}

function add(incident: Omit<StoredIncident, 'id'>, symptom: Symptom): void {
  const service = symptom.service ?? 'machine';
  if (!incident.services.includes(service)) incident.services.push(service);
  incident.start = Math.min(incident.start, symptom.at);
  if (symptom.kind === 'alert')
    incident.alerts.push({
      fingerprint: symptom.key,
      alertname: symptom.alert.alertname,
      service: symptom.service,
      firedAt: symptom.alert.firedAt ?? symptom.at,
      resolvedAt: symptom.alert.state === 'resolved' ? symptom.alert.resolvedAt : null,
    });
  else if (symptom.kind === 'outage') incident.outages.push({ service: symptom.service, status: symptom.status, at: symptom.at, reason: symptom.reason });
  else {
    const anomaly: IncidentAnomaly = { series: symptom.selector, service: symptom.service, startedAt: symptom.at, endedAt: null };
    incident.anomalies.push(anomaly);
  }
}

/** The service an alert is about: its `service` label, else a `job` or `instance` naming a known service. */
function serviceOf(labels: Record<string, string>, known: ReadonlySet<string>): string | null {
  for (const key of ['service', 'job', 'instance', 'target']) {
    const value = labels[key];
    if (value !== undefined && known.has(value)) return value;
  }
  return labels.service ?? null;
}

/** Each service's neighbours through depends_on, either way, through any number of links. */
function linked(services: readonly ServiceView[]): Map<string, Set<string>> {
  const adjacent = new Map<string, Set<string>>(services.map((service) => [service.name, new Set<string>()]));
  for (const service of services)
    for (const dependency of service.dependsOn) {
      adjacent.get(service.name)?.add(dependency);
      if (!adjacent.has(dependency)) adjacent.set(dependency, new Set());
      adjacent.get(dependency)?.add(service.name);
    }
  const reach = new Map<string, Set<string>>();
  for (const start of adjacent.keys()) {
    const seen = new Set<string>();
    const stack = [...(adjacent.get(start) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(adjacent.get(next) ?? []));
    }
    reach.set(start, seen);
  }
  return reach;
}

function portsOf(service: ServiceView): number[] {
  const ports = new Set<number>();
  for (const probe of service.probes) for (const match of probe.target.matchAll(/:(\d{2,5})(?!\d)/g)) ports.add(Number(match[1]));
  return [...ports];
}

function orderOf(causes: readonly IncidentCause[]): string {
  return causes.map((cause) => `${cause.kind}:${cause.target}`).join('|');
}

function titleOf(incident: StoredIncident, causes: readonly IncidentCause[]): string {
  const symptoms = incident.services.join(', ');
  const top = causes[0];
  return top === undefined ? `${symptoms}: no cause found yet` : `${symptoms}: likely ${top.kind === 'service' ? top.target : `${top.kind} ${top.target}`}`;
}
