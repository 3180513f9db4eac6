'use strict';
/**
 * A log parser for redis-server's own log (stdout or `logfile`), which Zervigo's built-in parser
 * reads as plain text: `<pid>:<role> <day> <Mon> <year> <hh:mm:ss.mmm> <mark> <message>`, where the
 * mark is the level (`.` debug, `-` verbose, `*` notice, `#` warning) and the role says which
 * process wrote it (M primary, S replica, C a forked child such as a background save, X sentinel).
 * Runs in a process of its own under Zervigo.
 */
const LINE = /^(\d+):([MSCX]) (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) ([.\-*#]) (.*)$/;
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const LEVELS = { '.': 'debug', '-': 'debug', '*': 'info', '#': 'warn' };
const ROLES = { M: 'primary', S: 'replica', C: 'child', X: 'sentinel' };
/** Warnings that are failures: Redis writes them with `#` like any warning. */
const FAILURE = /\b(error|failed|cannot|can't|unable to|refused|OOM|out of memory|corrupt(ed)?)\b/i;

module.exports = {
  logParsers: {
    'redis-log': {
      async parse(options, input) {
        const utc = options.timezone === 'utc';
        return input.lines.map((line) => {
          const match = LINE.exec(line);
          if (match === null) return null;
          const [, pid, role, day, month, year, hour, minute, second, millis, mark, message] = match;
          const parts = [Number(year), MONTHS[month], Number(day), Number(hour), Number(minute), Number(second), Number(millis)];
          // Redis writes local time without a zone: read it in the zone of the machine it runs on, like the built-in parser.
          const ts = utc ? Date.UTC(...parts) : new Date(...parts).getTime();
          const level = mark === '#' && options.failures_as_errors !== false && FAILURE.test(message) ? 'error' : LEVELS[mark];
          return { ts, level, message, fields: { pid: Number(pid), role: ROLES[role] } };
        });
      },
    },
  },
};
