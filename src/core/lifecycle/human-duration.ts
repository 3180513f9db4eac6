/** A measured time for a message: "350 ms", "1.2 s", "4m10s". Configured durations keep formatDuration's form. */
import { formatDuration } from '../../shared/duration';

export function humanDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return formatDuration(Math.round(ms / 1_000) * 1_000);
}
