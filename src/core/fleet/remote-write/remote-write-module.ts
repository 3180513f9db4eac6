import type { Clock } from '../../clock';
import type { RemoteWriteConfig } from '../../config/schema/fleet';
import type { Logger } from '../../logger';
import { parseSelector } from '../../promql/selector';
import { compileMatchers, type Labels } from '../../store/labels';
import type { SeriesStore } from '../../store/series-store';
import type { FleetDatabase } from '../fleet-database';
import { DROP_REASONS } from './remote-write-counters';
import { RemoteWriteEndpoint, type RemoteWriteStatus } from './remote-write-endpoint';
import { RemoteWriteQueue } from './remote-write-queue';
import { encodeLabels, wireLabels } from './write-request';

export interface RemoteWriteDeps {
  db: FleetDatabase;
  series: SeriesStore;
  clock: Clock;
  logger: Logger;
}

/**
 * remote_write, wired: every committed tick of the store goes to each configured receiver
 * whose `match` selectors accept the series. Also writes its own counters into the store
 * (remote_write_samples_sent_total, _retried_total, _dropped_total{reason}, the backlog).
 */
export class RemoteWrite {
  private endpoints = new Map<string, RemoteWriteEndpoint>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: RemoteWriteDeps) {
    this.unsubscribe = deps.series.writer.onCommitted((rows) => this.onCommitted(rows));
  }

  /** A new workspace: endpoints kept by key (their queues and counters), new ones added, removed ones cleared. */
  apply(configs: readonly RemoteWriteConfig[]): void {
    const next = new Map<string, RemoteWriteEndpoint>();
    for (const config of configs) {
      const key = config.name ?? config.url;
      if (next.has(key)) continue;
      const existing = this.endpoints.get(key);
      if (existing !== undefined && JSON.stringify(existing.config) === JSON.stringify(config)) {
        next.set(key, existing);
        continue;
      }
      // Per series: its encoded labels, or null when `match` leaves it out.
      const cache = new Map<number, Buffer | null>();
      const accepts = selectorsTest(config.match);
      const labelsOf = (seriesId: number): Buffer | null => {
        const known = cache.get(seriesId);
        if (known !== undefined) return known;
        const info = this.deps.series.index.get(seriesId);
        const encoded = info !== undefined && accepts(info.name, info.labels) ? encodeLabels(wireLabels(info.name, info.labels)) : null;
        cache.set(seriesId, encoded);
        return encoded;
      };
      const endpoint = new RemoteWriteEndpoint(key, config, new RemoteWriteQueue(this.deps.db, key), this.deps.clock, labelsOf);
      if (existing !== undefined) endpoint.takeOver(existing);
      next.set(key, endpoint);
    }
    for (const [key, endpoint] of this.endpoints) {
      if (next.has(key)) continue;
      void endpoint.stop().then(() => new RemoteWriteQueue(this.deps.db, key).clear());
    }
    this.endpoints = next;
    for (const endpoint of next.values()) endpoint.commit();
  }

  statuses(): RemoteWriteStatus[] {
    return [...this.endpoints.values()].map((endpoint) => endpoint.status());
  }

  endpoint(key: string): RemoteWriteEndpoint | undefined {
    return this.endpoints.get(key);
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await Promise.all([...this.endpoints.values()].map((endpoint) => endpoint.stop()));
  }

  private onCommitted(rows: readonly number[]): void {
    if (this.endpoints.size === 0) return;
    for (const endpoint of this.endpoints.values()) {
      try {
        endpoint.stageRows(rows);
        endpoint.commit();
      } catch (error) {
        // One receiver's trouble (its queue file, say) never holds up the others or the store.
        this.deps.logger.error({ err: error, remote: endpoint.name }, 'remote_write could not queue samples');
      }
    }
    this.writeCounters();
  }

  /** Into the next tick: the counters are series like any other (charts, rules, /metrics). */
  private writeCounters(): void {
    const writer = this.deps.series.writer;
    const now = this.deps.clock.now();
    for (const endpoint of this.endpoints.values()) {
      const remote: Labels = { remote: endpoint.name, url: endpoint.config.url };
      const status = endpoint.status();
      writer.appendNamed('remote_write_samples_sent_total', remote, now, status.sent);
      writer.appendNamed('remote_write_samples_retried_total', remote, now, status.retried);
      for (const reason of DROP_REASONS) writer.appendNamed('remote_write_samples_dropped_total', { ...remote, reason }, now, status.dropped[reason]);
      writer.appendNamed('remote_write_backlog_samples', remote, now, status.backlogSamples);
      writer.appendNamed('remote_write_backlog_bytes', remote, now, status.backlogBytes);
    }
  }
}

/** `match:` selectors as one test; none accepts every series. */
function selectorsTest(selectors: readonly string[]): (name: string, labels: Labels) => boolean {
  if (selectors.length === 0) return () => true;
  const tests = selectors.map((text) => {
    const selector = parseSelector(text);
    const matchers = selector.name === null ? selector.matchers : [{ name: '__name__', type: '=' as const, value: selector.name }, ...selector.matchers];
    return compileMatchers(matchers);
  });
  return (name, labels) => tests.some((test) => test(name, labels));
}
