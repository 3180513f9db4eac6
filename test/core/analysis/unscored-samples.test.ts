import { describe, expect, it } from 'vitest';
import { FORGET_AFTER_MS, UnscoredSamples } from '../../../src/core/analysis/unscored-samples';

const NAN = { key: 'non-finite', who: 'series', did: 'sent NaN or infinite values', outcome: ', not stored and not scored' };

describe('unscored samples, told as notices', () => {
  it('stays bounded however many series send NaN: counts up to 10,000, names three, says "more than"', () => {
    const tally = new UnscoredSamples();
    const named: number[] = [];
    for (let id = 0; id < 100_000; id++) tally.note(NAN, id, null, () => (named.push(id), `m{i="${id}"}`), 1_000 + id);
    expect(named).toEqual([0, 1, 2]);
    const [notice] = tally.notices(101_000);
    expect(notice?.summary).toBe(
      'more than 10,000 series sent NaN or infinite values (100,000 samples in the last 1m40s), not stored and not scored — first m{i="0"}, m{i="1"}, m{i="2"}, …',
    );
    // None of them has a service label: no service's filter shows it.
    expect(notice?.services).toEqual([]);
  });

  it('forgets a reason once no sample has come for it in 15 minutes', () => {
    const tally = new UnscoredSamples();
    tally.note(NAN, 7, null, () => 'm', 0);
    tally.note(NAN, 7, null, () => 'm', 0);
    expect(tally.notices(FORGET_AFTER_MS).map((notice) => notice.summary)).toEqual([
      '1 series sent NaN or infinite values (2 samples in the last 15m), not stored and not scored — m',
    ]);
    expect(tally.notices(FORGET_AFTER_MS + 1)).toEqual([]);
  });

  it('tells each service its own part: only its series counted, its samples and its first three named', () => {
    const tally = new UnscoredSamples();
    // Five api series (one sending twice), one db series, one machine series without a service.
    for (let i = 0; i < 5; i++) tally.note(NAN, i, 'api', () => `m{service="api",i="${i}"}`, 1_000);
    tally.note(NAN, 0, 'api', () => 'never asked', 2_000);
    tally.note(NAN, 10, 'db', () => 'm{service="db"}', 61_000);
    tally.note(NAN, 20, null, () => 'machine', 61_000);
    const [notice] = tally.notices(61_000);
    expect(notice?.summary).toBe(
      '7 series sent NaN or infinite values (8 samples in the last 1m), not stored and not scored — first m{service="api",i="0"}, m{service="api",i="1"}, m{service="api",i="2"}, …',
    );
    expect(notice?.services).toEqual([
      {
        service: 'api',
        summary:
          '5 series sent NaN or infinite values (6 samples in the last 1m), not stored and not scored — first m{service="api",i="0"}, m{service="api",i="1"}, m{service="api",i="2"}, …',
      },
      { service: 'db', summary: '1 series sent NaN or infinite values (1 sample just now), not stored and not scored — m{service="db"}' },
    ]);
  });

  it('stays bounded per service too: 100,000 series of 100,000 services keep 10,000 parts; a series beyond the cap makes its service "more than" its count', () => {
    const tally = new UnscoredSamples();
    for (let id = 0; id < 100_000; id++) tally.note(NAN, id, `s${id}`, () => `m{service="s${id}"}`, 1_000);
    // Beyond the 10,000 series counted: a counted service's new series, and a service counted by no series.
    tally.note(NAN, 100_000, 's0', () => 'never asked', 1_000);
    const [notice] = tally.notices(1_000);
    expect(notice?.services).toHaveLength(10_000);
    const part = (service: string): string | undefined => notice?.services?.find((one) => one.service === service)?.summary;
    expect(part('s0')).toBe('more than 1 series sent NaN or infinite values (2 samples just now), not stored and not scored — first m{service="s0"}, …');
    expect(part('s9999')).toBe('1 series sent NaN or infinite values (1 sample just now), not stored and not scored — m{service="s9999"}');
    expect(part('s10000')).toBeUndefined();

    // A service whose every series came beyond the cap is counted as "some", and named by none.
    const full = new UnscoredSamples();
    for (let id = 0; id < 10_000; id++) full.note(NAN, id, 'api', () => `m{i="${id}"}`, 1_000);
    full.note(NAN, 10_000, 'db', () => 'never asked', 1_000);
    expect(full.notices(1_000)[0]?.services?.find((one) => one.service === 'db')?.summary).toBe(
      'some series sent NaN or infinite values (1 sample just now), not stored and not scored',
    );
  });
});
