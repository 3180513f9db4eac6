import type { LogLevel } from '../../../shared/types/logs';
import { LOCAL_HOST } from '../../../shared/fleet-hosts';

/** Level colours follow the state colours: errors red, warnings yellow, the rest quiet. */
export const levelColor: Record<LogLevel, string> = {
  fatal: 'red',
  error: 'red',
  warn: 'yellow',
  info: 'blue',
  debug: 'gray',
  trace: 'gray',
  unknown: 'gray',
};

export const levelLabel: Record<LogLevel, string> = {
  fatal: 'FATAL',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  unknown: '',
};

/** "14:03:12.345" — the time of day of a log line, local. */
export function formatLogTime(ts: number): string {
  const date = new Date(ts);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export interface TextPart {
  text: string;
  match: boolean;
}

/** Splits text around the search terms (any case), for highlighting. */
export function highlightParts(text: string, terms: readonly string[]): TextPart[] {
  const wanted = terms.map((term) => term.toLowerCase()).filter((term) => term !== '');
  if (wanted.length === 0) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const parts: TextPart[] = [];
  let position = 0;
  while (position < text.length) {
    let best = -1;
    let length = 0;
    for (const term of wanted) {
      const found = lower.indexOf(term, position);
      if (found >= 0 && (best < 0 || found < best || (found === best && term.length > length))) {
        best = found;
        length = term.length;
      }
    }
    if (best < 0) break;
    if (best > position) parts.push({ text: text.slice(position, best), match: false });
    parts.push({ text: text.slice(best, best + length), match: true });
    position = best + length;
  }
  if (position < text.length) parts.push({ text: text.slice(position), match: false });
  return parts;
}

/**
 * The link to a service's logs (Services table), over the last `range` (a service page's "6h");
 * with a moment, to the lines around the service's line nearest it, across services (alerts, a
 * service's page); with a `host` other than "local", that agent's lines (its pages link there).
 * See pages/logs/logs-route.ts.
 */
export function logsPath(service: string, at?: number, range?: string, host: string = LOCAL_HOST): string {
  return `/logs?service=${encodeURIComponent(service)}${at === undefined ? '' : `&at=${Math.round(at)}`}${range === undefined ? '' : `&range=${encodeURIComponent(range)}`}${host === LOCAL_HOST ? '' : `&host=${encodeURIComponent(host)}`}`;
}

const HIDDEN_KEYS = new Set(['time', 'timestamp', 'ts', '@timestamp', 'level', 'lvl', 'severity', 'msg', 'message']);
const LEADING_LEVEL = /^[[(<]?(?:TRACE|DEBUG|DBG|INFO|INF|NOTICE|WARN|WARNING|WRN|ERROR|ERR|FATAL|CRIT|CRITICAL|PANIC)[\])>:]?:?\s+/i;

/**
 * What the viewer shows for a line's first row: the level word is dropped (the level column
 * shows it), a JSON or logfmt line reads as its message followed by its other fields.
 */
export function displayText(text: string): { message: string; fields: string } {
  if (text.startsWith('{') && text.endsWith('}')) {
    try {
      const record = JSON.parse(text) as Record<string, unknown>;
      const message = record.msg ?? record.message;
      if (typeof message === 'string') {
        const fields = Object.entries(record)
          .filter(([key]) => !HIDDEN_KEYS.has(key))
          .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join(' ');
        return { message, fields };
      }
    } catch {
      // Shown as written.
    }
  }
  if (/^(?:time|ts|level|lvl)=/.test(text)) {
    const message = /(?:^|\s)msg="((?:[^"\\]|\\.)*)"|(?:^|\s)msg=(\S+)/.exec(text);
    if (message !== null) {
      const fields = text
        .replace(message[0], ' ')
        .replace(/(?:^|\s)(?:time|ts|level|lvl)=("(?:[^"\\]|\\.)*"|\S+)/g, ' ')
        .trim()
        .replace(/\s+/g, ' ');
      return { message: (message[1] ?? message[2] ?? '').replace(/\\"/g, '"'), fields };
    }
  }
  return { message: text.replace(LEADING_LEVEL, ''), fields: '' };
}
