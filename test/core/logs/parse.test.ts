import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../../src/core/logs/parse/clean-text';
import { LEVEL, findLevelWord } from '../../../src/core/logs/parse/level';
import { LineSplitter, type SplitLine } from '../../../src/core/logs/parse/line-splitter';
import { parseLine } from '../../../src/core/logs/parse/parse-line';
import { parseLogfmt } from '../../../src/core/logs/parse/structured';
import { findTimestamp, timeFromValue } from '../../../src/core/logs/parse/timestamp';
import { parseJournalLine } from '../../../src/core/logs/sources/journal-source';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('timestamps', () => {
  it('reads the forms programs write at the start of a line', () => {
    expect(findTimestamp('2026-11-22T10:00:00.123Z INFO x', NOW)).toEqual({ ts: Date.UTC(2026, 10, 22, 10, 0, 0, 123), start: 0, end: 24 });
    expect(findTimestamp('2026-11-22T10:00:00+02:00 x', NOW)?.ts).toBe(Date.UTC(2026, 10, 22, 8, 0, 0));
    expect(findTimestamp('2026-11-22 10:00:00,250 - app - ERROR - x', NOW)?.ts).toBe(new Date(2026, 10, 22, 10, 0, 0, 250).getTime());
    expect(findTimestamp('[2026-11-22 10:00:00] production.ERROR: x', NOW)).toMatchObject({ ts: new Date(2026, 10, 22, 10, 0, 0).getTime(), end: 21 });
    expect(findTimestamp('2026/11/22 10:00:00 [error] 12#0: x', NOW)?.ts).toBe(new Date(2026, 10, 22, 10, 0, 0).getTime());
    expect(findTimestamp('Nov 22 10:00:00 host sshd[1]: x', NOW)?.ts).toBe(new Date(2026, 10, 22, 10, 0, 0).getTime());
    // A syslog date in the future belongs to last year (a file read in January holding December).
    expect(findTimestamp('Dec 31 23:00:00 host app: x', Date.UTC(2026, 0, 1, 1))?.ts).toBe(new Date(2025, 11, 31, 23, 0, 0).getTime());
    expect(findTimestamp('E1122 10:00:00.123456 1 main.go:12] x', NOW)).toMatchObject({ ts: new Date(2026, 10, 22, 10, 0, 0, 123).getTime(), glogLevel: 'E' });
    expect(findTimestamp('127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5', NOW)).toMatchObject({
      ts: Date.UTC(2026, 10, 22, 10, 0, 0),
      start: 14,
    });
    expect(findTimestamp('no time here', NOW)).toBeNull();
  });

  it('reads time fields of structured lines in seconds, ms, µs, ns or text', () => {
    const ms = Date.UTC(2026, 10, 22, 10, 0, 0);
    expect([
      timeFromValue(ms / 1000),
      timeFromValue(ms),
      timeFromValue(ms * 1000),
      timeFromValue(ms * 1e6),
      timeFromValue('2026-11-22T10:00:00Z'),
      timeFromValue(String(ms)),
    ]).toEqual([ms, ms, ms, ms, ms, ms]);
    expect(timeFromValue('yesterday')).toBeNull();
  });
});

describe('levels and formats', () => {
  it('finds whole level words near the start, not words that contain them', () => {
    expect(findLevelWord('[ERROR] boom', 0)?.level).toBe(LEVEL.error);
    expect(findLevelWord('app WARNING: x', 0)?.level).toBe(LEVEL.warn);
    expect(findLevelWord('level=debug msg=x', 0)?.level).toBe(LEVEL.debug);
    expect(findLevelWord('errors happened', 0)).toBeNull();
  });

  it('parses JSON lines with the usual keys, pino levels and epoch times', () => {
    const line = parseLine('{"level":50,"time":1795341600000,"msg":"payment failed","user":42}', 'auto', NOW);
    expect(line).toMatchObject({ ts: 1795341600000, level: LEVEL.error, message: 'payment failed', startsEntry: true });
    expect(parseLine('{"severity":"WARNING","@timestamp":"2026-11-22T10:00:00Z","message":"disk"}', 'auto', NOW)).toMatchObject({
      level: LEVEL.warn,
      message: 'disk',
      ts: Date.UTC(2026, 10, 22, 10),
    });
    // Not JSON after all: read as text.
    expect(parseLine('{not json}', 'auto', NOW)).toMatchObject({ level: LEVEL.unknown, body: '{not json}' });
  });

  it('parses logfmt with quoted values', () => {
    expect(parseLogfmt('level=info msg="hello \\"world\\"" n=3 flag')).toEqual({ level: 'info', msg: 'hello "world"', n: '3', flag: 'true' });
    expect(parseLine('time=2026-11-22T10:00:00Z level=error msg="db down"', 'auto', NOW)).toMatchObject({
      level: LEVEL.error,
      message: 'db down',
      ts: Date.UTC(2026, 10, 22, 10),
    });
    // "=" in prose is not logfmt.
    expect(parseLine('a=b happened', 'auto', NOW).level).toBe(LEVEL.unknown);
  });

  it('parses syslog (RFC 3164 and 5424) with the severity of <PRI>', () => {
    expect(parseLine('<11>Nov 22 10:00:00 web nginx[12]: upstream timed out', 'auto', NOW)).toMatchObject({
      level: LEVEL.error,
      message: 'upstream timed out',
      ts: new Date(2026, 10, 22, 10).getTime(),
    });
    expect(parseLine('<165>1 2026-11-22T10:00:00.000Z host app 12 ID47 - an event', 'auto', NOW)).toMatchObject({
      level: LEVEL.info,
      message: 'an event',
      ts: Date.UTC(2026, 10, 22, 10),
    });
  });

  it('strips a leading timestamp from the kept text and takes the level after it', () => {
    expect(parseLine('2026-11-22T10:00:00Z ERROR connection reset', 'auto', NOW)).toMatchObject({
      body: 'ERROR connection reset',
      message: 'connection reset',
      level: LEVEL.error,
      ts: Date.UTC(2026, 10, 22, 10),
    });
    expect(parseLine('E1122 10:00:00.000001 7 main.go:3] lost leader', 'auto', NOW)).toMatchObject({ level: LEVEL.error, body: '7 main.go:3] lost leader' });
    // Access logs keep the whole line; 5xx are errors.
    expect(parseLine('10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 502 12', 'auto', NOW).level).toBe(LEVEL.error);
  });

  it('reads recorded journalctl -o json lines, MESSAGE as text or as bytes', () => {
    const text = parseJournalLine(
      '{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1795341600123456","PRIORITY":"3","_SYSTEMD_UNIT":"nginx.service","MESSAGE":"worker died"}',
    );
    expect(text).toEqual({ message: 'worker died', ts: 1795341600123, level: LEVEL.error, unit: 'nginx', cursor: 's=1;i=2' });
    const bytes = parseJournalLine('{"__REALTIME_TIMESTAMP":"1795341600000000","PRIORITY":"6","SYSLOG_IDENTIFIER":"cron","MESSAGE":[104,105,255]}');
    expect(bytes).toMatchObject({ message: 'hi\uFFFD', level: LEVEL.info, unit: 'cron' });
    expect(parseJournalLine('garbage')).toBeNull();
  });
});

describe('bad input', () => {
  const collect = (max: number) => {
    const lines: SplitLine[] = [];
    return { lines, splitter: new LineSplitter(max, (line) => lines.push(line)) };
  };

  it('holds a partial line until its newline, across chunks and split UTF-8 characters', () => {
    const { lines, splitter } = collect(1024);
    const bytes = Buffer.from('héllo wörld\nsecond');
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2, 9));
    expect(lines).toEqual([]);
    splitter.push(bytes.subarray(9));
    expect(lines).toEqual([{ text: 'héllo wörld', truncatedBytes: 0 }]);
    expect(splitter.pendingBytes).toBe(6);
    splitter.push(Buffer.from('\n'));
    expect(lines.at(-1)?.text).toBe('second');
  });

  it('cuts a 10 MB line at the limit and counts the rest, holding no more than the limit', () => {
    const { lines, splitter } = collect(64 * 1024);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 10; i++) {
      splitter.push(chunk);
      expect(splitter.pendingBytes).toBeLessThanOrEqual(64 * 1024);
    }
    splitter.push(Buffer.from('\nnext\n'));
    expect(lines.map((line) => [line.text.length, line.truncatedBytes])).toEqual([
      [64 * 1024, 10 * 1024 * 1024 - 64 * 1024],
      [4, 0],
    ]);
  });

  it('turns invalid UTF-8, control bytes and terminal escapes into readable text', () => {
    const { lines, splitter } = collect(1024);
    splitter.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    expect(lines[0]?.text).toBe('a\uFFFD\uFFFDb');
    expect(cleanLine('\x1b[31mred\x1b[0m and \x00 nul\r')).toBe('red and \uFFFD nul');
    expect(cleanLine('progress 10%\rprogress 100%')).toBe('progress 100%');
  });
});
