import type { IncidentInsight, InsightSeries } from '../../shared/types/insights';

/**
 * Incidents, not noise: anomalies of one service, or of services linked by depends_on (in
 * either direction, through any number of links), that start within `windowMs` of the
 * incident's latest start are one incident. Machine-wide series (no service label) group with
 * each other. The first series to move leads the incident.
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
  episodes: E[];
  lastStart: number;
}

/** Incidents kept for the console; older ones are forgotten first. */
const MAX_INCIDENTS = 200;

export class IncidentGrouper<E extends EpisodeView = EpisodeView> {
  private incidents: Incident<E>[] = [];
  private sequence = 0;
  private reach = new Map<string, Set<string>>();

  constructor(private windowMs: number) {}

  /** A new workspace: the window and the dependency graph (service -> its depends_on). */
  configure(windowMs: number, dependsOn: Readonly<Record<string, readonly string[]>>): void {
    this.windowMs = windowMs;
    this.reach = transitiveReach(dependsOn);
  }

  /** Places a new episode in an incident (an open, related one, or a new one); returns its id. */
  add(episode: E): string {
    const open = this.incidents.find(
      (incident) => episode.startedAt - incident.lastStart <= this.windowMs && incident.episodes.some((other) => this.related(other.service, episode.service)),
    );
    if (open !== undefined) {
      open.episodes.push(episode);
      open.lastStart = Math.max(open.lastStart, episode.startedAt);
      return open.id;
    }
    const incident = { id: `incident-${episode.startedAt}-${++this.sequence}`, episodes: [episode], lastStart: episode.startedAt };
    this.incidents.unshift(incident);
    if (this.incidents.length > MAX_INCIDENTS) this.incidents.length = MAX_INCIDENTS;
    return incident.id;
  }

  /**
   * An incident saved before a restart, under its own id, with its episodes (oldest first). Kept
   * in start order among the others, and later ids never take its number.
   */
  restore(id: string, episodes: E[]): void {
    if (episodes.length === 0 || this.incidents.some((incident) => incident.id === id)) return;
    const incident = { id, episodes, lastStart: Math.max(...episodes.map((episode) => episode.startedAt)) };
    const at = this.incidents.findIndex((other) => other.lastStart < incident.lastStart);
    this.incidents.splice(at === -1 ? this.incidents.length : at, 0, incident);
    if (this.incidents.length > MAX_INCIDENTS) this.incidents.length = MAX_INCIDENTS;
    this.sequence = Math.max(this.sequence, Number(/-(\d+)$/.exec(id)?.[1] ?? 0));
  }

  /** The incidents still going on (an episode of theirs has not ended), with their episodes: what a restart must keep. */
  ongoing(): { id: string; episodes: readonly E[] }[] {
    return this.incidents.filter((incident) => incident.episodes.some((episode) => episode.endedAt === null));
  }

  /** Incidents as insights, newest first: `minSeries` 2 leaves out single-series ones (those are anomalies). */
  list(minSeries = 1): IncidentInsight[] {
    return this.incidents.filter((incident) => incident.episodes.length >= minSeries).map(toInsight);
  }

  private related(a: string | null, b: string | null): boolean {
    if (a === b) return true;
    if (a === null || b === null) return false;
    return this.reach.get(a)?.has(b) === true || this.reach.get(b)?.has(a) === true;
  }
}

function toInsight(incident: Incident<EpisodeView>): IncidentInsight {
  const episodes = [...incident.episodes].sort((a, b) => a.startedAt - b.startedAt);
  const first = episodes[0] as EpisodeView;
  const ongoing = episodes.some((episode) => episode.endedAt === null);
  const services = [...new Set(episodes.map((episode) => episode.service ?? 'machine'))];
  const bySelector = new Map(episodes.map((episode) => [episode.series.selector, episode.series] as const));
  const uniqueSeries = [...bySelector.values()];
  const endedAt = ongoing ? null : Math.max(...episodes.map((episode) => episode.endedAt ?? episode.startedAt));
  const others = uniqueSeries.length - 1;
  return {
    kind: 'incident',
    id: incident.id,
    startedAt: first.startedAt,
    endedAt,
    services,
    series: uniqueSeries,
    firstMover: first.series,
    peakScore: Math.max(...episodes.map((episode) => episode.peakScore)),
    summary: `${services.join(', ')}: ${first.series.selector} moved first${others > 0 ? `, then ${others} more series` : ''}`,
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
