import type { Availability } from '../../shared/types/monitoring';
import type { SeriesStore } from '../store/series-store';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const AVAILABILITY_WINDOWS: Record<keyof Availability, number> = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };

/**
 * Passed checks over all checks of the given probe_success series, per window. Read as one
 * bucket per window, which the store answers from its 1h rollups (sum and count per hour)
 * plus the open hour: a 30-day figure costs about 720 small rows, never the raw samples.
 */
export function availabilityOf(store: SeriesStore, successSeries: readonly number[], now: number): Availability {
  const out: Availability = { '24h': null, '7d': null, '30d': null };
  for (const window of Object.keys(AVAILABILITY_WINDOWS) as (keyof Availability)[]) {
    let passed = 0;
    let checks = 0;
    for (const id of successSeries) {
      const bucket = store.reader.readDownsampled(id, now - AVAILABILITY_WINDOWS[window], now, 1, now);
      for (let i = 0; i < bucket.ts.length; i++) {
        const count = bucket.count[i] as number;
        passed += (bucket.avg[i] as number) * count;
        checks += count;
      }
    }
    out[window] = checks === 0 ? null : passed / checks;
  }
  return out;
}
