import type { HandlersOf } from '../../shared/contract/define';
import type { statusPageCommands } from '../../shared/contract/status-page';
import type { Availability, ServiceHeartbeats } from '../../shared/types/monitoring';
import type { ServiceStatus } from '../../shared/types/service';
import type { PublicStatusNote, PublicStatusPage, StatusPageInfo } from '../../shared/types/status-page';
import type { Clock } from '../clock';
import type { StatusPageConfig } from '../config/schema';
import type { AuditLog } from '../store/audit-log';
import type { Database } from '../store/database';
import { overallState, publicStateOf } from './public-state';
import { statusPageHandlers } from './status-page-commands';
import { StatusNotes } from './status-notes';

/** What the page reads from the rest of the engine, handed in by engine.ts. */
export interface StatusPagePorts {
  config(): StatusPageConfig | undefined;
  /** Every service's status, by name. */
  serviceStatuses(): ReadonlyMap<string, ServiceStatus>;
  heartbeats(services: string[], limit: number): ServiceHeartbeats[];
  availability(service: string): Availability;
}

export interface StatusPageDeps {
  db: Database;
  clock: Clock;
  audit: Pick<AuditLog, 'record'>;
  ports: StatusPagePorts;
}

export const STATUS_PAGE_PATH_PREFIX = '/status/';
/**
 * A page is rebuilt at most this often, however many visitors ask: a page of 50 services under
 * hundreds of requests a second costs one availability read per service every few seconds.
 */
export const STATUS_PAGE_REBUILD_MS = 5_000;
/** Resolved notes stay on the page this long, so visitors see what happened and that it is over. */
export const RESOLVED_NOTES_SHOWN_MS = 7 * 24 * 3_600_000;
const NOTES_SHOWN = 20;

export class StatusPageModule {
  readonly notes: StatusNotes;
  readonly handlers: HandlersOf<typeof statusPageCommands>;
  private cached: { config: StatusPageConfig; at: number; page: PublicStatusPage } | null = null;

  constructor(private readonly deps: StatusPageDeps) {
    this.notes = new StatusNotes(deps.db, () => deps.clock.now());
    this.handlers = statusPageHandlers({
      notes: this.notes,
      info: () => this.info(),
      audit: deps.audit,
      onNoteChanged: () => {
        this.cached = null;
      },
    });
  }

  info(): StatusPageInfo | null {
    const config = this.deps.ports.config();
    if (config === undefined) return null;
    return {
      slug: config.slug,
      title: config.title,
      path: `${STATUS_PAGE_PATH_PREFIX}${config.slug}`,
      enabled: config.enabled,
      services: config.services.map((entry) => entry.service),
    };
  }

  /** The page at this slug as visitors see it, or null when there is none (no page, disabled, another slug). */
  publicPage(slug: string): PublicStatusPage | null {
    const config = this.deps.ports.config();
    if (config === undefined || !config.enabled || config.slug !== slug) return null;
    const now = this.deps.clock.now();
    const cached = this.cached;
    if (cached !== null && cached.config === config && now - cached.at < STATUS_PAGE_REBUILD_MS && now >= cached.at) return cached.page;
    const page = this.build(config, now);
    this.cached = { config, at: now, page };
    return page;
  }

  private build(config: StatusPageConfig, now: number): PublicStatusPage {
    const { ports } = this.deps;
    const names = config.services.map((entry) => entry.service);
    const statuses = ports.serviceStatuses();
    const beats = new Map(ports.heartbeats(names, config.heartbeats).map((entry) => [entry.service, entry.beats]));
    // Each field is picked by name: a field added to a service's view never reaches the page by accident.
    const services = config.services.map((entry) => {
      const availability = ports.availability(entry.service);
      return {
        name: entry.name,
        state: publicStateOf(statuses.get(entry.service)),
        beats: (beats.get(entry.service) ?? []).map((beat) => ({ at: beat.at, status: beat.status, latencyMs: beat.latencyMs })),
        availability: { '24h': availability['24h'], '30d': availability['30d'] },
      };
    });
    return {
      slug: config.slug,
      title: config.title,
      description: config.description ?? null,
      generatedAt: now,
      overall: overallState(services.map((service) => service.state)),
      services,
      notes: this.publicNotes(now),
    };
  }

  private publicNotes(now: number): PublicStatusNote[] {
    return this.notes
      .list(NOTES_SHOWN)
      .filter((note) => note.resolvedAt === null || now - note.resolvedAt <= RESOLVED_NOTES_SHOWN_MS)
      .map((note) => ({
        title: note.title,
        impact: note.impact,
        state: note.state,
        createdAt: note.createdAt,
        resolvedAt: note.resolvedAt,
        updates: note.updates.map((update) => ({ at: update.at, state: update.state, body: update.body })),
      }));
  }
}
