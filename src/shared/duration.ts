/** Durations as operators write them: 500ms, 5s, 10m, 1h, 7d, or a combination like 1h30m. */
const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** As a pattern for JSON Schema and editors too. */
export const DURATION_PATTERN = '(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w))+';
const durationPattern = new RegExp(`^${DURATION_PATTERN}$`);
const partPattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Returns milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!durationPattern.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(partPattern)) {
    total += Number(match[1]) * (unitMs[match[2] as string] as number);
  }
  return Math.round(total);
}

/** The shortest exact form: 90000 -> "1m30s", 1500 -> "1s500ms". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return sign + out;
}
