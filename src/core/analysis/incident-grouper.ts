import type { IncidentInsight, InsightSeries } from '../../shared/types/insights';

/**
 * Incidents, not noise: anomalies of one service, or of services linked by depends_on (in
 * either direction, through any number of links), that start within `windowMs` of the
 * incident's latest start are one incident, as long as the incident began at most
 * MAX_SPAN_WINDOWS windows before (a chain of starts each close to the last must not make one
 * endless incident). Machine series (no service label) join only within `windowMs` of the
 * incident's FIRST start: with each other per machine (their host, machine or instance label),
 * and with a service's incident when the machine is this one (no such label) — a machine
 * where something always moves would otherwise hold one incident open forever. The first series
 * to move leads the incident. An incident holds at most MAX_HELD_EPISODES episodes (its first
 * movers and its strongest); the rest are counted, so memory and the save stay bounded.
 */
export interface EpisodeView {
  id: string;
  series: InsightSeries;
  service: string | null;
  startedAt: number;
  endedAt: number | null;
  peakScore: number;
}

interface Incident<E extends EpisodeView> {
  id: string;
  /** The episodes kept, at most MAX_HELD_EPISODES. */
  episodes: E[];
  firstStart: number;
  lastStart: number;
  /** Services of every episode that joined (held or not): bounded by the workspace's services. */
  services: Set<string>;
  /** Machines of every machine episode that joined ('' is this machine). */
  machines: Set<string>;
  /**
   * Series of episodes that joined but are not held (selectors: the same string objects the
   * episodes carry), and their peak. A series anomalous twice is one series.
   */
  dropped: Set<string>;
  droppedPeak: number;
}

/** Incidents kept for the console; older ones are forgotten first. */
const MAX_INCIDENTS = 200;
/** Episodes one incident holds: the first movers, then the strongest (by peak score) of the rest. */
export const MAX_HELD_EPISODES = 50;
const FIRST_MOVERS_HELD = 10;
/** A chain of related starts stops joining this many windows after the incident's first start. */
export const MAX_SPAN_WINDOWS = 3;

export class IncidentGrouper<E extends EpisodeView = EpisodeView> {
  private incidents: Incident<E>[] = [];
  private sequence = 0;
  private reach = new Map<string, Set<string>>();
  /** The incident each episode joined (held or only counted), so a restart can group it again. */
  private readonly incidentIds = new WeakMap<E, string>();

  constructor(private windowMs: number) {}

  /** A new workspace: the window and the dependency graph (service -> its depends_on). */
  configure(windowMs: number, dependsOn: Readonly<Record<string, readonly string[]>>): void {
    this.windowMs = windowMs;
    this.reach = transitiveReach(dependsOn);
  }

  /** Places a new episode in an incident (an open, related one, or a new one); returns its id. */
  add(episode: E): string {
    const open = this.incidents.find((incident) => this.joins(incident, episode));
    if (open !== undefined) {
      join(open, episode);
      this.incidentIds.set(episode, open.id);
      return open.id;
    }
    const incident = newIncident(`incident-${episode.startedAt}-${++this.sequence}`, [episode]);
    this.incidentIds.set(episode, incident.id);
    this.incidents.unshift(incident);
    if (this.incidents.length > MAX_INCIDENTS) this.incidents.length = MAX_INCIDENTS;
    return incident.id;
  }

  /**
   * An incident saved before a restart, under its own id, with its episodes (oldest first). Listed
   * where it was among the others, and later ids never take its number.
   */
  restore(id: string, episodes: E[], more?: { series: readonly string[]; peak: number }): void {
    if (episodes.length === 0 || this.incidents.some((incident) => incident.id === id)) return;
    const sorted = [...episodes].sort((a, b) => a.startedAt - b.startedAt);
    for (const episode of sorted) this.incidentIds.set(episode, id);
    const incident = newIncident(id, sorted.slice(0, 1));
    for (const episode of sorted.slice(1)) join(incident, episode);
    for (const selector of more?.series ?? []) incident.dropped.add(selector);
    incident.droppedPeak = Math.max(incident.droppedPeak, more?.peak ?? 0);
    // Listed where it was: incidents are listed newest made first, and the id's number counts them.
    const made = sequenceOf(id);
    const at = this.incidents.findIndex((other) => sequenceOf(other.id) < made);
    this.incidents.splice(at === -1 ? this.incidents.length : at, 0, incident);
    if (this.incidents.length > MAX_INCIDENTS) this.incidents.length = MAX_INCIDENTS;
    this.sequence = Math.max(this.sequence, made);
  }

  /**
   * The incidents still going on (a held episode of theirs has not ended), with their held
   * episodes and the series they count beyond them: what a restart must keep.
   */
  ongoing(): { id: string; episodes: readonly E[]; more: { series: string[]; peak: number } }[] {
    return this.incidents
      .filter((incident) => incident.episodes.some((episode) => episode.endedAt === null))
      .map((incident) => ({ id: incident.id, episodes: incident.episodes, more: { series: [...incident.dropped], peak: incident.droppedPeak } }));
  }

  /** The id of the incident `episode` joined (it may have been forgotten since: see `keptIds`); undefined: never added. */
  incidentOf(episode: E): string | undefined {
    return this.incidentIds.get(episode);
  }

  /** The ids of the incidents kept (at most MAX_INCIDENTS). */
  keptIds(): Set<string> {
    return new Set(this.incidents.map((incident) => incident.id));
  }

  /** The episodes each kept incident holds (at most MAX_INCIDENTS × MAX_HELD_EPISODES). */
  held(): { id: string; episodes: readonly E[] }[] {
    return this.incidents.map((incident) => ({ id: incident.id, episodes: incident.episodes }));
  }

  /** The series each kept incident counts beyond the episodes it holds, and their peak (incidents counting none left out). */
  counted(): { id: string; series: string[]; peak: number }[] {
    return this.incidents
      .filter((incident) => incident.dropped.size > 0)
      .map((incident) => ({ id: incident.id, series: [...incident.dropped], peak: incident.droppedPeak }));
  }

  /** Incidents as insights, newest first: `minSeries` 2 leaves out single-series ones (those are anomalies). */
  list(minSeries = 1): IncidentInsight[] {
    return this.incidents.map(toInsight).filter((incident) => incident.series.length + incident.moreSeries >= minSeries);
  }

  private joins(incident: Incident<E>, episode: E): boolean {
    const sinceFirst = episode.startedAt - incident.firstStart;
    const machine = machineOf(episode);
    if (machine !== null) {
      // Close to the first move only: machines where something always moves must not chain.
      if (sinceFirst > this.windowMs) return false;
      return incident.machines.has(machine) || (machine === '' && incident.services.size > 0);
    }
    const service = episode.service as string;
    if ([...incident.services].some((other) => this.related(other, service))) {
      return episode.startedAt - incident.lastStart <= this.windowMs && sinceFirst <= MAX_SPAN_WINDOWS * this.windowMs;
    }
    // This machine moved first: a service on it moving soon after is the same incident.
    return incident.machines.has('') && sinceFirst <= this.windowMs;
  }

  private related(a: string, b: string): boolean {
    if (a === b) return true;
    return this.reach.get(a)?.has(b) === true || this.reach.get(b)?.has(a) === true;
  }
}

/** The number an incident's id was made with (`incident-<start>-<n>`: n counts the incidents made). */
function sequenceOf(id: string): number {
  return Number(/-(\d+)$/.exec(id)?.[1] ?? 0);
}

/** The machine a machine series belongs to ('' for this one), or null for a service's series. */
function machineOf(episode: EpisodeView): string | null {
  if (episode.service !== null) return null;
  const labels = episode.series.labels;
  return labels.host ?? labels.machine ?? labels.instance ?? '';
}

function newIncident<E extends EpisodeView>(id: string, episodes: E[]): Incident<E> {
  const first = episodes[0] as E;
  const incident: Incident<E> = {
    id,
    episodes: [],
    firstStart: first.startedAt,
    lastStart: first.startedAt,
    services: new Set(),
    machines: new Set(),
    dropped: new Set(),
    droppedPeak: 0,
  };
  for (const episode of episodes) join(incident, episode);
  return incident;
}

/**
 * Adds an episode; past MAX_HELD_EPISODES the weakest held one that is not a first mover is
 * counted instead of kept (an ended one before an open one, so the incident's end stays right).
 */
function join<E extends EpisodeView>(incident: Incident<E>, episode: E): void {
  incident.episodes.push(episode);
  incident.firstStart = Math.min(incident.firstStart, episode.startedAt);
  incident.lastStart = Math.max(incident.lastStart, episode.startedAt);
  const machine = machineOf(episode);
  if (machine === null) incident.services.add(episode.service as string);
  else incident.machines.add(machine);
  if (incident.episodes.length <= MAX_HELD_EPISODES) return;
  let weakest = -1;
  for (let i = FIRST_MOVERS_HELD; i < incident.episodes.length; i++) {
    if (weakest === -1 || weaker(incident.episodes[i] as E, incident.episodes[weakest] as E)) weakest = i;
  }
  const [gone] = incident.episodes.splice(weakest, 1) as [E];
  incident.dropped.add(gone.series.selector);
  incident.droppedPeak = Math.max(incident.droppedPeak, gone.peakScore);
}

function weaker(a: EpisodeView, b: EpisodeView): boolean {
  const aOpen = a.endedAt === null;
  const bOpen = b.endedAt === null;
  if (aOpen !== bOpen) return !aOpen;
  return a.peakScore < b.peakScore;
}

function toInsight(incident: Incident<EpisodeView>): IncidentInsight {
  const episodes = [...incident.episodes].sort((a, b) => a.startedAt - b.startedAt);
  const first = episodes[0] as EpisodeView;
  const ongoing = episodes.some((episode) => episode.endedAt === null);
  const services = [...incident.services];
  if (incident.machines.size > 0) services.push('machine');
  const bySelector = new Map(episodes.map((episode) => [episode.series.selector, episode.series] as const));
  const uniqueSeries = [...bySelector.values()];
  const endedAt = ongoing ? null : Math.max(...episodes.map((episode) => episode.endedAt ?? episode.startedAt));
  const others = uniqueSeries.length - 1;
  let moreSeries = 0;
  for (const selector of incident.dropped) if (!bySelector.has(selector)) moreSeries++;
  const more = moreSeries > 0 ? `, and ${moreSeries} more series not listed` : '';
  return {
    kind: 'incident',
    id: incident.id,
    startedAt: first.startedAt,
    endedAt,
    services,
    series: uniqueSeries,
    moreSeries,
    firstMover: first.series,
    peakScore: Math.max(incident.droppedPeak, ...episodes.map((episode) => episode.peakScore)),
    summary: `${services.join(', ')}: ${first.series.selector} moved first${others > 0 ? `, then ${others} more series` : ''}${more}`,
  };
}

/** Every service each service depends on, directly or through others. */
function transitiveReach(dependsOn: Readonly<Record<string, readonly string[]>>): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  for (const start of Object.keys(dependsOn)) {
    const seen = new Set<string>();
    const stack = [...(dependsOn[start] ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(dependsOn[next] ?? []));
    }
    reach.set(start, seen);
  }
  return reach;
}
