import { LEVEL, levelFromNumber, levelFromWord, type LevelCode } from './level';
import { timeFromValue } from './timestamp';

/** What a structured line (JSON, logfmt) says about itself. */
export interface StructuredFields {
  ts: number | null;
  level: LevelCode;
  message: string | null;
}

const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'date', 't', 'datetime'];
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'loglevel', 'log_level', 'levelname', 'level_name', 'log.level', '@level'];
const MESSAGE_KEYS = ['msg', 'message', 'log', 'text', '@message', 'event', 'error'];

function pick(record: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
}

export function fieldsOf(record: Record<string, unknown>): StructuredFields {
  const time = pick(record, TIME_KEYS);
  const level = pick(record, LEVEL_KEYS);
  const message = pick(record, MESSAGE_KEYS);
  let levelCode: LevelCode = LEVEL.unknown;
  if (typeof level === 'number') levelCode = levelFromNumber(level);
  else if (typeof level === 'string') levelCode = /^\d+$/.test(level) ? levelFromNumber(Number(level)) : levelFromWord(level.trim());
  return {
    ts: timeFromValue(time),
    level: levelCode,
    message: typeof message === 'string' ? message : message === undefined ? null : JSON.stringify(message),
  };
}

/** A JSON object line, or null (then it is read as text). */
export function parseJsonLine(line: string): StructuredFields | null {
  if (line.charCodeAt(0) !== 123 || line.charCodeAt(line.length - 1) !== 125) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return fieldsOf(value as Record<string, unknown>);
}

/** key=value pairs, values bare or "quoted with \" escapes" (logfmt, as Heroku and Go's slog write it). */
export function parseLogfmt(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line.charCodeAt(i) !== 32) i++;
    const key = line.slice(keyStart, i);
    if (line[i] !== '=') {
      if (key !== '') out[key] = 'true';
      continue;
    }
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) i++;
        value += line[i];
        i++;
      }
      i++;
    } else {
      const valueStart = i;
      while (i < n && line.charCodeAt(i) !== 32) i++;
      value = line.slice(valueStart, i);
    }
    if (key !== '') out[key] = value;
  }
  return out;
}

const LOGFMT_START = /^[A-Za-z_][\w.]*=/;

/** A logfmt line names at least a level, a message or a time; anything else is text with "=" in it. */
export function parseLogfmtLine(line: string): StructuredFields | null {
  if (!LOGFMT_START.test(line)) return null;
  const record = parseLogfmt(line);
  const fields = fieldsOf(record);
  if (fields.level === LEVEL.unknown && fields.message === null && fields.ts === null) return null;
  return fields;
}
