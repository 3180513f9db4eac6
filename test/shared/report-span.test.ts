import { describe, expect, it } from 'vitest';
import { span } from '../../src/shared/reports/report-format';

describe("a report's durations", () => {
  it('round to the smallest unit shown, so a carry moves up (never "1 h 60 min")', () => {
    expect(span(59_400)).toBe('59 s');
    expect(span(60_000)).toBe('1 min');
    expect(span(3_599_000)).toBe('1 h');
    expect(span(2 * 3_600_000 - 10_000)).toBe('2 h');
    expect(span(3_600_000 + 25 * 60_000)).toBe('1 h 25 min');
    expect(span(86_400_000 - 5_000)).toBe('1 d');
    expect(span(2 * 86_400_000 + 3_590_000)).toBe('2 d 1 h');
    expect(span(-(3_600_000 - 1_000))).toBe('−1 h');
    expect(span(null)).toBe('–');
  });
});
