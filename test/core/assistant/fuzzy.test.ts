import { describe, expect, it } from 'vitest';
import { boundedDistance, isTypoOf, resemblance } from '../../../src/core/assistant/intent/text/fuzzy';

/** The textbook optimal-string-alignment distance, the full matrix, to check the bounded one against. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

describe('typo tolerance', () => {
  it('computes the swap-aware distance exactly up to the bound, and stops beyond it', () => {
    const words = [
      'restart',
      'restrat',
      'rstart',
      'reboot',
      'worker',
      'wroker',
      'gateway',
      'gatwy',
      'api',
      'apii',
      'db',
      'silence',
      'slience',
      'since',
      '',
      'ca',
      'ac',
    ];
    for (const a of words) {
      for (const b of words) {
        const exact = osa(a, b);
        for (const max of [0, 1, 2, 3]) expect(boundedDistance(a, b, max), `${a} ~ ${b} within ${max}`).toBe(exact <= max ? exact : max + 1);
      }
    }
  });

  it('allows more edits for longer words, and none that change the first letter', () => {
    expect(isTypoOf('restrat', 'restart')).toBe(1);
    expect(isTypoOf('gatwy', 'gateway')).toBe(2);
    expect(isTypoOf('ap', 'api')).toBeNull();
    expect(isTypoOf('dv', 'db')).toBeNull();
    expect(isTypoOf('atop', 'stop')).toBeNull();
    expect(isTypoOf('estart', 'restart')).toBeNull();
    expect(isTypoOf('rwoker', 'worker')).toBeNull();
    expect(isTypoOf('owrker', 'worker')).toBe(1);
  });

  it('ranks "did you mean" by prefix, then letters in order, then edits', () => {
    expect(resemblance('pay', 'payments')).toBe(0);
    expect(resemblance('wrk', 'worker')).toBe(1);
    expect(resemblance('wrk', 'web')).toBe(2);
    expect(resemblance('checkout', 'cache')).toBeNull();
  });
});
