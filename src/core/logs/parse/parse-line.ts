import { LEVEL, findLevelWord, levelFromWord, type LevelCode } from './level';
import { parseJsonLine, parseLogfmtLine } from './structured';
import { parseSyslog } from './syslog';
import { findTimestamp } from './timestamp';

export type LogFormat = 'auto' | 'json' | 'logfmt' | 'syslog' | 'plain';

/** One line read: its time and level if it says them, the text to keep and the message to mine. */
export interface ParsedLine {
  ts: number | null;
  level: LevelCode;
  /** The line without a leading timestamp (the time is kept as a number). */
  body: string;
  /** The human part: a JSON line's msg, a text line after its time and level. For pattern mining. */
  message: string;
  /** It starts with a timestamp or is structured: the start of an entry, never a continuation. */
  startsEntry: boolean;
  /** Key → value a plugin's log parser read from the line (redis-log's role, pid); stored and searchable as field.KEY:VALUE. */
  fields?: LineFields;
}

/** A line's parsed fields, values as text (a number or boolean as it would be written). */
export type LineFields = Readonly<Record<string, string>>;

const glogLevels: Record<string, LevelCode> = { I: LEVEL.info, W: LEVEL.warn, E: LEVEL.error, F: LEVEL.fatal };
/** An access log's status code after the quoted request: 5xx are errors, 4xx warnings. */
const ACCESS_STATUS = /" ([1-5])\d\d (?:\d+|-)/;

export function parseLine(line: string, format: LogFormat, now: number): ParsedLine {
  if (format === 'json' || (format === 'auto' && line.charCodeAt(0) === 123)) {
    const json = parseJsonLine(line);
    if (json !== null) return { ts: json.ts, level: json.level, body: line, message: json.message ?? line, startsEntry: true };
  }
  if (format === 'logfmt' || format === 'auto') {
    const logfmt = parseLogfmtLine(line);
    if (logfmt !== null) return { ts: logfmt.ts, level: logfmt.level, body: line, message: logfmt.message ?? line, startsEntry: true };
  }
  if (format === 'syslog' || (format === 'auto' && line.charCodeAt(0) === 60)) {
    const syslog = parseSyslog(line, now);
    if (syslog !== null) {
      const message = line.slice(syslog.messageStart);
      const level = syslog.level ?? findLevelWord(message, 0, 2)?.level ?? LEVEL.unknown;
      return { ts: syslog.ts, level, body: line, message, startsEntry: true };
    }
  }
  return parsePlain(line, now);
}

function parsePlain(line: string, now: number): ParsedLine {
  const found = findTimestamp(line, now);
  if (found === null) {
    const level = findLevelWord(line, 0, 2);
    return {
      ts: null,
      level: level?.level ?? LEVEL.unknown,
      body: line,
      message: level === null ? line : line.slice(level.end).trimStart(),
      startsEntry: false,
    };
  }
  if (found.start > 0) {
    // An access log: the time sits inside the line, which is kept whole.
    const status = ACCESS_STATUS.exec(line.slice(found.end));
    const level = status === null ? LEVEL.unknown : status[1] === '5' ? LEVEL.error : status[1] === '4' ? LEVEL.warn : LEVEL.info;
    return { ts: found.ts, level, body: line, message: line, startsEntry: true };
  }
  let rest = found.end;
  while (line.charCodeAt(rest) === 32 || line.charCodeAt(rest) === 9) rest++;
  const body = line.slice(rest);
  if (found.glogLevel !== undefined) {
    return { ts: found.ts, level: glogLevels[found.glogLevel] ?? levelFromWord(found.glogLevel), body, message: body, startsEntry: true };
  }
  const level = findLevelWord(line, rest);
  return { ts: found.ts, level: level?.level ?? LEVEL.unknown, body, message: level === null ? body : line.slice(level.end).trimStart(), startsEntry: true };
}
