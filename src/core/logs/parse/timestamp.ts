/**
 * Timestamps at the start of a line in the forms programs write: ISO 8601 / RFC 3339 (with
 * T or space, "." or "," before the fraction, Z or an offset, or none = local time), the same
 * in brackets, "2024/06/01 12:00:00" (Go, nginx), syslog's "Jun  1 12:00:00", glog's
 * "E0601 12:00:00.123456", and the common log format's "[01/Jun/2024:12:00:00 +0000]" anywhere
 * near the start (access logs). Written by hand: this runs for every line.
 */
export interface FoundTimestamp {
  ts: number;
  /** Where the timestamp (and its brackets) starts and ends in the line. */
  start: number;
  end: number;
  /** glog's leading letter is also the level. */
  glogLevel?: string;
}

const ISO = /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?\]?/;
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const GLOG = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{1,9})/;
const CLF = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/;
const months: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const DAY = 86_400_000;

function fractionMs(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  return Math.floor(Number(fraction.padEnd(3, '0').slice(0, 3)));
}

function offsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

function fromParts(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, zone: string | undefined): number {
  if (zone === undefined) return new Date(year, month, day, hour, minute, second, ms).getTime();
  return Date.UTC(year, month, day, hour, minute, second, ms) - offsetMs(zone);
}

/** A year-less time (syslog, glog) belongs to the latest year that does not put it in the future. */
function withYear(now: number, make: (year: number) => number): number {
  const year = new Date(now).getFullYear();
  const ts = make(year);
  return ts > now + DAY ? make(year - 1) : ts;
}

export function findTimestamp(line: string, now: number): FoundTimestamp | null {
  const first = line.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 91) {
    const iso = ISO.exec(line);
    if (iso !== null) {
      const ts = fromParts(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6]), fractionMs(iso[7]), iso[8]);
      if (!Number.isNaN(ts)) return { ts, start: 0, end: iso[0].length };
    }
  }
  if (first >= 65 && first <= 90) {
    const syslog = SYSLOG.exec(line);
    if (syslog !== null && months[syslog[1] as string] !== undefined) {
      const ts = withYear(now, (year) =>
        new Date(year, months[syslog[1] as string] as number, Number(syslog[2]), Number(syslog[3]), Number(syslog[4]), Number(syslog[5])).getTime(),
      );
      return { ts, start: 0, end: syslog[0].length };
    }
    const glog = GLOG.exec(line);
    if (glog !== null) {
      const ts = withYear(now, (year) =>
        new Date(year, Number(glog[2]) - 1, Number(glog[3]), Number(glog[4]), Number(glog[5]), Number(glog[6]), fractionMs(glog[7])).getTime(),
      );
      return { ts, start: 0, end: glog[0].length, glogLevel: glog[1] as string };
    }
  }
  const bracket = line.indexOf('[');
  if (bracket >= 0 && bracket < 64) {
    const clf = CLF.exec(line.slice(bracket, bracket + 40));
    if (clf !== null && months[clf[2] as string] !== undefined) {
      const ts = fromParts(Number(clf[3]), months[clf[2] as string] as number, Number(clf[1]), Number(clf[4]), Number(clf[5]), Number(clf[6]), 0, clf[7]);
      return { ts, start: bracket, end: bracket + clf[0].length };
    }
  }
  return null;
}

/** A time field of a structured line: epoch s/ms/µs/ns by magnitude, or a date text. */
export function timeFromValue(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    if (value < 1e11) return Math.round(value * 1000);
    if (value < 1e14) return Math.round(value);
    if (value < 1e17) return Math.round(value / 1000);
    return Math.round(value / 1e6);
  }
  if (typeof value === 'string' && value.length >= 8) {
    if (/^\d+(\.\d+)?$/.test(value)) return timeFromValue(Number(value));
    const found = findTimestamp(value, Date.now());
    if (found !== null && found.start === 0) return found.ts;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}
