const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A span of time with its unit, scaled for reading: "350 ms", "1.5 s", "45 s", "3 min",
 * "2 h 5 min", "3 d 4 h". Latency stays in ms below one second.
 */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatSpan(-ms)}`;
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) {
    const seconds = Math.round(ms / 100) / 10;
    return `${seconds} s`;
  }
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) {
    const minutes = Math.floor(ms / MINUTE);
    const seconds = Math.round((ms % MINUTE) / SECOND);
    return seconds === 0 || minutes >= 10 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}
