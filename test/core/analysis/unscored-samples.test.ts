import { describe, expect, it } from 'vitest';
import { FORGET_AFTER_MS, UnscoredSamples } from '../../../src/core/analysis/unscored-samples';

const NAN = { key: 'non-finite', who: 'series', did: 'sent NaN or infinite values', outcome: ', not stored and not scored' };

describe('unscored samples, told as notices', () => {
  it('stays bounded however many series send NaN: counts up to 10,000, names three, says "more than"', () => {
    const tally = new UnscoredSamples();
    const named: number[] = [];
    for (let id = 0; id < 100_000; id++) tally.note(NAN, id, () => (named.push(id), `m{i="${id}"}`), 1_000 + id);
    expect(named).toEqual([0, 1, 2]);
    const [notice] = tally.notices(101_000);
    expect(notice?.summary).toBe(
      'more than 10,000 series sent NaN or infinite values (100,000 samples in the last 1m40s), not stored and not scored — first m{i="0"}, m{i="1"}, m{i="2"}, …',
    );
  });

  it('forgets a reason once no sample has come for it in 15 minutes', () => {
    const tally = new UnscoredSamples();
    tally.note(NAN, 7, () => 'm', 0);
    tally.note(NAN, 7, () => 'm', 0);
    expect(tally.notices(FORGET_AFTER_MS).map((notice) => notice.summary)).toEqual([
      '1 series sent NaN or infinite values (2 samples in the last 15m), not stored and not scored — m',
    ]);
    expect(tally.notices(FORGET_AFTER_MS + 1)).toEqual([]);
  });
});
