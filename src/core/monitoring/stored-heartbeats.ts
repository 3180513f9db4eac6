import type { Heartbeat, ProbeTransition } from '../../shared/types/monitoring';
import type { SeriesReader } from '../store/series-reader';

export interface StoredHeartbeatsInput {
  reader: Pick<SeriesReader, 'readRaw'>;
  probe: string;
  successSeries: number;
  durationSeries: number;
  /** A failure is "down" once more than this many failed in a row, as the scheduler counts. */
  retries: number;
  /** The probe's status changes, any order: where the reason of a failed check is read. */
  transitions: readonly ProbeTransition[];
  start: number;
  end: number;
}

/**
 * A probe's checks rebuilt from the store: probe_success gives passed or failed, the failures
 * in a row give pending or down, probe_duration_seconds the latency, and the change to pending
 * or down that the check caused (or, when it changed nothing, the one in force) gives the reason.
 * A check's sample is stamped when it started; the change it caused, when its result came.
 */
export function storedHeartbeats(input: StoredHeartbeatsInput): Heartbeat[] {
  const success = input.reader.readRaw(input.successSeries, input.start, input.end);
  const durations = input.reader.readRaw(input.durationSeries, input.start, input.end);
  const durationAt = new Map<number, number>();
  for (let i = 0; i < durations.ts.length; i++) durationAt.set(durations.ts[i] as number, roundLatency((durations.values[i] as number) * 1000));
  const changes = [...input.transitions].filter((change) => change.status === 'pending' || change.status === 'down').sort((a, b) => a.at - b.at);
  let failuresInRow = 0;
  const beats: Heartbeat[] = [];
  for (let i = 0; i < success.ts.length; i++) {
    const at = success.ts[i] as number;
    const latencyMs = durationAt.get(at) ?? null;
    if (success.values[i] === 1) {
      failuresInRow = 0;
      beats.push({ at, probe: input.probe, status: 'up', latencyMs, reason: null });
      continue;
    }
    failuresInRow++;
    // A check's result is recorded before the next check starts: a failure it caused is in [at, next).
    const next = success.ts[i + 1] ?? Number.POSITIVE_INFINITY;
    const caused = lastAtOrBefore(changes, next);
    const reason = caused !== undefined && (caused.at >= at || failuresInRow > 1) ? caused.reason : null;
    beats.push({ at, probe: input.probe, status: failuresInRow > input.retries ? 'down' : 'pending', latencyMs, reason });
  }
  return beats;
}

/** The last change at or before `time` (changes sorted by time). */
function lastAtOrBefore(changes: readonly ProbeTransition[], time: number): ProbeTransition | undefined {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((changes[middle] as ProbeTransition).at <= time) low = middle + 1;
    else high = middle;
  }
  return changes[low - 1];
}

/** A tenth of a millisecond is as fine as a tick's tooltip shows; it keeps a bar's JSON small. */
export function roundLatency(ms: number): number {
  return Math.round(ms * 10) / 10;
}
