import type { ExposedSample } from '../query/exposition';
import type { SeriesIndex } from '../store/series-index';

/** A series not written for this long is left out of /metrics (its probe is gone or paused). */
export const STALE_AFTER_MS = 15 * 60_000;

/** The last value of every series the probes write, for the /metrics endpoint. */
export class LatestValues {
  private readonly values = new Map<number, { ts: number; value: number }>();

  set(seriesId: number, ts: number, value: number): void {
    const entry = this.values.get(seriesId);
    if (entry === undefined) this.values.set(seriesId, { ts, value });
    else {
      entry.ts = ts;
      entry.value = value;
    }
  }

  get(seriesId: number): { ts: number; value: number } | undefined {
    return this.values.get(seriesId);
  }

  *fresh(index: SeriesIndex, now: number): Generator<ExposedSample> {
    for (const [id, entry] of this.values) {
      if (now - entry.ts > STALE_AFTER_MS) {
        this.values.delete(id);
        continue;
      }
      const series = index.get(id);
      if (series !== undefined) yield { name: series.name, labels: series.labels, value: entry.value };
    }
  }
}
