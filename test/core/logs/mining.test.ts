import { describe, expect, it } from 'vitest';
import { EntryJoiner, type JoinedEntry, type MultilineMode } from '../../../src/core/logs/parse/entry-joiner';
import { parseLine } from '../../../src/core/logs/parse/parse-line';
import { PatternMiner, maskToken } from '../../../src/core/logs/mining/pattern-miner';
import { groupingAccuracy, labelledSample } from '../../fixtures/labelled-logs';

function join(text: string, mode: MultilineMode = { kind: 'auto' }): string[] {
  const entries: JoinedEntry[] = [];
  const joiner = new EntryJoiner(mode, (entry) => entries.push(entry));
  for (const line of text.split('\n')) joiner.push(line, parseLine(line, 'auto', 0), 0);
  joiner.flush();
  return entries.map((entry) => entry.text);
}

describe('multi-line entries', () => {
  it('joins a Java exception with its frames and causes into the entry that logged it', () => {
    const log = [
      '2026-11-22 10:00:00,001 ERROR [main] OrderService - order failed',
      'java.lang.IllegalStateException: stock is negative',
      '\tat shop.Stock.take(Stock.java:42)',
      '\tat shop.OrderService.place(OrderService.java:17)',
      'Caused by: java.sql.SQLException: deadlock',
      '\t... 12 more',
      '2026-11-22 10:00:01,000 INFO [main] OrderService - retrying',
    ].join('\n');
    const entries = join(log);
    expect(entries).toHaveLength(2);
    expect(entries[0]?.split('\n')).toHaveLength(6);
    expect(entries[1]).toBe('INFO [main] OrderService - retrying');
  });

  it('joins a Node stack trace (indented "at" lines) and a Python traceback down to its exception line', () => {
    expect(join('Error: boom\n    at main (/app/index.js:3:9)\n    at node:internal/main:1:1\nlistening on 8080')).toEqual([
      'Error: boom\n    at main (/app/index.js:3:9)\n    at node:internal/main:1:1',
      'listening on 8080',
    ]);
    const python = 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\nValueError: bad input\nserver stopped';
    expect(join(python)).toEqual([
      'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\nValueError: bad input',
      'server stopped',
    ]);
  });

  it('keeps every line on its own with multiline: none, and follows a start pattern when given one', () => {
    expect(join('a\n  b\nc', { kind: 'none' })).toEqual(['a', '  b', 'c']);
    expect(join('BEGIN 1\nx\ny\nBEGIN 2', { kind: 'start', pattern: /^BEGIN/ })).toEqual(['BEGIN 1\nx\ny', 'BEGIN 2']);
  });
});

describe('pattern mining', () => {
  it('masks words with digits and keeps keys of key=value words', () => {
    expect(['12ms', '10.0.0.1', 'user=42', 'path=/a', 'hello'].map(maskToken)).toEqual(['<*>', '<*>', 'user=<*>', 'path=/a', 'hello']);
  });

  it('groups lines of one template, keeps ids stable across a restart, and tells a new error pattern', () => {
    const miner = new PatternMiner();
    const first = miner.match('api', 'connection to db-1 lost after 3 retries', 5, 1);
    expect(first).toMatchObject({ created: true });
    const second = miner.match('api', 'connection to db-2 lost after 7 retries', 5, 2);
    expect(second).toMatchObject({ created: false });
    expect(second.pattern).toMatchObject({ id: first.pattern.id, template: 'connection to <*> lost after <*> retries', count: 2 });
    // The same words in another service are another pattern.
    expect(miner.match('web', 'connection to db-1 lost after 3 retries', 5, 3).pattern.id).not.toBe(first.pattern.id);

    const restarted = new PatternMiner({}, 100);
    restarted.load(miner.all());
    expect(restarted.match('api', 'connection to db-9 lost after 1 retries', 5, 4)).toMatchObject({
      created: false,
      pattern: { id: first.pattern.id, count: 3 },
    });
    expect(restarted.match('api', 'a brand new line', 3, 5).pattern.id).toBe(100);
  });

  it('keeps patterns apart when two constant words differ, and ERROR apart from INFO of the same shape', () => {
    const miner = new PatternMiner();
    const id = (line: string, level = 3) => miner.match('worker', line, level, 0).pattern.id;
    const processed = id('job 12 processed in 30 ms');
    const slow = id('job 13 slow: took 2000 ms');
    expect(slow).not.toBe(processed);
    expect(id('job 99 processed in 7 ms')).toBe(processed);
    expect(id('job 98 slow: took 5100 ms')).toBe(slow);
    expect(miner.get(processed)?.template).toBe('job <*> processed in <*> ms');
    expect(miner.get(slow)?.template).toBe('job <*> slow: took <*> ms');
    // Same shape, other level: another pattern, with that level.
    const failedInfo = id('payment 41 failed for alice');
    const failedError = id('payment 42 failed for bob', 5);
    expect(failedError).not.toBe(failedInfo);
    expect([miner.get(failedInfo)?.level, miner.get(failedError)?.level]).toEqual([3, 5]);
    // Short lines differing in their one constant word are different messages.
    expect(id('cache hit')).not.toBe(id('cache miss'));
    // One variable word without digits among agreeing words is still one pattern.
    expect(id('user alice logged in from 10.0.0.1')).toBe(id('user bob logged in from 10.0.0.2'));
  });

  it("dates a pattern by its lines' own times: first seen is its oldest line, last seen its newest", () => {
    const miner = new PatternMiner();
    const pattern = miner.match('api', 'served /a in 3 ms', 3, 5_000).pattern;
    miner.match('api', 'served /b in 4 ms', 3, 1_000);
    miner.match('api', 'served /c in 5 ms', 3, 9_000);
    expect(pattern).toMatchObject({ firstSeen: 1_000, lastSeen: 9_000, count: 3 });
  });

  it('reaches at least 0.95 grouping accuracy on the labelled sample', () => {
    const sample = labelledSample(20_000, 7);
    const miner = new PatternMiner();
    const predicted = sample.lines.map((line) => miner.match('svc', line, 3, 0).pattern.id);
    expect(groupingAccuracy(sample.labels, predicted)).toBeGreaterThanOrEqual(0.95);
  });

  it('stops creating patterns at the per-service limit (memory stays bounded)', () => {
    const miner = new PatternMiner({ maxPatternsPerService: 3 });
    const ids = new Set(
      ['alpha beta', 'gamma', 'delta epsilon zeta', 'eta theta iota kappa', 'lambda mu nu xi omicron'].map((line) => miner.match('s', line, 3, 0).pattern.id),
    );
    expect(ids.size).toBe(4);
    expect(miner.all().filter((record) => record.service === 's')).toHaveLength(4);
  });
});
