import { levelFromSyslogSeverity, type LevelCode } from './level';
import { findTimestamp } from './timestamp';

export interface SyslogLine {
  ts: number | null;
  level: LevelCode | null;
  app: string | null;
  /** Where the message starts in the line. */
  messageStart: number;
}

const PRI = /^<(\d{1,3})>(1 )?/;
const HEADER_3164 = /^ ?\S+ ([^\s:[]+)(?:\[\d+\])?: /;
const HEADER_5424 = /^ ?\S+ (\S+) \S+ \S+ (?:-|(?:\[[^\]]*\])+) ?/;

/**
 * Syslog lines: "<PRI>" (the severity), then RFC 5424 ("1 2024-06-01T12:00:00Z host app pid msgid
 * [sd] msg") or RFC 3164 ("Jun  1 12:00:00 host app[pid]: msg"), as /var/log/syslog, rsyslog
 * files and syslog forwarders write them. Returns null for a line that is not syslog.
 */
export function parseSyslog(line: string, now: number): SyslogLine | null {
  const pri = PRI.exec(line);
  let offset = 0;
  let level: LevelCode | null = null;
  if (pri !== null) {
    level = levelFromSyslogSeverity(Number(pri[1]) & 7);
    offset = pri[0].length;
  }
  const rest = line.slice(offset);
  const found = findTimestamp(rest, now);
  if (found === null || found.start !== 0 || found.glogLevel !== undefined) return pri === null ? null : { ts: null, level, app: null, messageStart: offset };
  const afterTime = rest.slice(found.end);
  const header = (pri?.[2] !== undefined ? HEADER_5424 : HEADER_3164).exec(afterTime);
  if (header === null) return pri === null ? null : { ts: found.ts, level, app: null, messageStart: offset + found.end };
  return { ts: found.ts, level, app: header[1] ?? null, messageStart: offset + found.end + header[0].length };
}
