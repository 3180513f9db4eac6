import { logLevels, type LogLevel } from '../../../shared/types/logs';

export type LevelCode = number;
export const LEVEL = { unknown: 0, trace: 1, debug: 2, info: 3, warn: 4, error: 5, fatal: 6 } as const satisfies Record<LogLevel, number>;

export function levelName(code: LevelCode): LogLevel {
  return logLevels[code] ?? 'unknown';
}

/** The words programs use for levels (log4j, python, syslog, zap, glog's letters come elsewhere). */
const words: Record<string, LevelCode> = {
  trace: LEVEL.trace,
  finest: LEVEL.trace,
  finer: LEVEL.trace,
  verbose: LEVEL.trace,
  debug: LEVEL.debug,
  dbg: LEVEL.debug,
  fine: LEVEL.debug,
  info: LEVEL.info,
  inf: LEVEL.info,
  information: LEVEL.info,
  notice: LEVEL.info,
  config: LEVEL.info,
  warn: LEVEL.warn,
  warning: LEVEL.warn,
  wrn: LEVEL.warn,
  error: LEVEL.error,
  err: LEVEL.error,
  eror: LEVEL.error,
  severe: LEVEL.error,
  fatal: LEVEL.fatal,
  crit: LEVEL.fatal,
  critical: LEVEL.fatal,
  panic: LEVEL.fatal,
  emerg: LEVEL.fatal,
  emergency: LEVEL.fatal,
  alert: LEVEL.fatal,
  dpanic: LEVEL.fatal,
};

export function levelFromWord(word: string): LevelCode {
  return words[word.toLowerCase()] ?? LEVEL.unknown;
}

/** Syslog severities 0-7 (journal PRIORITY, <PRI> & 7). */
export function levelFromSyslogSeverity(severity: number): LevelCode {
  if (severity <= 2) return LEVEL.fatal;
  if (severity === 3) return LEVEL.error;
  if (severity === 4) return LEVEL.warn;
  if (severity <= 6) return LEVEL.info;
  return LEVEL.debug;
}

/** pino/bunyan numbers (10 trace ... 60 fatal), else syslog severities. */
export function levelFromNumber(value: number): LevelCode {
  if (value >= 10)
    return value >= 60
      ? LEVEL.fatal
      : value >= 50
        ? LEVEL.error
        : value >= 40
          ? LEVEL.warn
          : value >= 30
            ? LEVEL.info
            : value >= 20
              ? LEVEL.debug
              : LEVEL.trace;
  return levelFromSyslogSeverity(value);
}

const LEVEL_TOKEN = /^[[(<]?([A-Za-z]{3,11})[\])>:]?:?$/;

/**
 * A level word among the first few words of a line ("ERROR", "[warn]", "<info>", "level=error"):
 * returns the level and where the word ends, or null. Only whole words count: "errors" is not one.
 */
export function findLevelWord(text: string, from: number, maxWords = 4): { level: LevelCode; end: number } | null {
  let position = from;
  for (let n = 0; n < maxWords && position < text.length; n++) {
    while (text.charCodeAt(position) === 32 || text.charCodeAt(position) === 9) position++;
    let end = text.indexOf(' ', position);
    if (end < 0) end = text.length;
    let word = text.slice(position, end);
    if (word.startsWith('level=') || word.startsWith('lvl=')) word = word.slice(word.indexOf('=') + 1).replace(/"/g, '');
    const match = LEVEL_TOKEN.exec(word);
    if (match !== null) {
      const level = levelFromWord(match[1] as string);
      if (level !== LEVEL.unknown) return { level, end };
    }
    position = end + 1;
  }
  return null;
}
