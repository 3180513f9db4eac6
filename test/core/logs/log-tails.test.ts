import { describe, expect, it } from 'vitest';
import { LogTails } from '../../../src/core/logs/log-tails';
import type { LogLine, LogTailBatch } from '../../../src/shared/types/logs';
import { lineMatches, parseLogQuery } from '../../../src/shared/logs/log-query';
import { FakeClock } from '../../helpers/fake-clock';

const line = (id: number, text: string, extra: Partial<LogLine> = {}): LogLine => ({
  id,
  ts: id,
  level: 'info',
  service: 'api',
  source: 'api.log',
  patternId: null,
  text,
  ...extra,
});

describe('live tails', () => {
  it('sends one batch at a time, the next only once the client acknowledges it', () => {
    const sent: LogTailBatch[] = [];
    const tails = new LogTails(
      (batch) => sent.push(batch),
      () => 0,
      { maxBatch: 2 },
    );
    const { tailId } = tails.start('');
    tails.offer([line(1, 'a'), line(2, 'b'), line(3, 'c')]);
    expect(sent).toEqual([{ tailId, lines: [line(1, 'a'), line(2, 'b')], dropped: 0 }]);
    tails.offer([line(4, 'd')]);
    expect(sent).toHaveLength(1);
    expect(tails.ack(tailId)).toBe(true);
    expect(sent[1]).toEqual({ tailId, lines: [line(3, 'c'), line(4, 'd')], dropped: 0 });
  });

  it('drops the oldest lines of a slow client, never holding more than its buffer, and says how many', () => {
    const sent: LogTailBatch[] = [];
    const tails = new LogTails(
      (batch) => sent.push(batch),
      () => 0,
      { maxBuffer: 100, maxBatch: 1_000 },
    );
    const { tailId } = tails.start('');
    tails.offer([line(0, 'first')]);
    for (let i = 1; i <= 10_000; i++) {
      tails.offer([line(i, `line ${i}`)]);
      expect(tails.buffered(tailId)).toBeLessThanOrEqual(100);
    }
    tails.ack(tailId);
    expect(sent[1]?.dropped).toBe(9_900);
    expect(sent[1]?.lines.map((l) => l.id)).toEqual(Array.from({ length: 100 }, (_, i) => 9_901 + i));
  });

  it('filters each tail by its query and ends tails nobody keeps alive', () => {
    const clock = new FakeClock();
    const sent: LogTailBatch[] = [];
    const tails = new LogTails(
      (batch) => sent.push(batch),
      () => clock.now(),
      { expireMs: 60_000 },
    );
    const errors = tails.start('level:error service:api');
    const kept = tails.start('timeout');
    tails.offer([line(1, 'timeout talking to db', { level: 'error' }), line(2, 'all fine'), line(3, 'boom', { level: 'error', service: 'web' })]);
    expect(sent.map((batch) => [batch.tailId, batch.lines.map((l) => l.id)])).toEqual([
      [errors.tailId, [1]],
      [kept.tailId, [1]],
    ]);
    clock.advance(30_000);
    tails.ack(kept.tailId);
    clock.advance(40_000);
    expect(tails.expire()).toBe(1);
    expect(tails.ack(errors.tailId)).toBe(false);
    expect(tails.ack(kept.tailId)).toBe(true);
  });

  it('matches lines with the same rules as the store: tokens, phrases, prefixes, fields', () => {
    const query = (text: string) => parseLogQuery(text);
    const subject = {
      level: 'warn' as const,
      service: 'api',
      source: '/var/log/api.log',
      sourceKind: 'file',
      patternId: 7,
      text: 'GET /api/orders took 1200ms (slow)',
    };
    expect(lineMatches(query('slow'), subject)).toBe(true);
    expect(lineMatches(query('slo'), subject)).toBe(false);
    expect(lineMatches(query('slo*'), subject)).toBe(true);
    expect(lineMatches(query('"orders took"'), subject)).toBe(true);
    expect(lineMatches(query('/api/orders level:warn+ source:file pattern:7'), subject)).toBe(true);
    expect(lineMatches(query('-slow'), subject)).toBe(false);
    expect(lineMatches(query('level:error'), subject)).toBe(false);
  });
});
