import { describe, expect, it } from 'vitest';
import { thresholdOf } from '../../../src/core/promql/threshold';

describe('thresholdOf (what a rule graph draws)', () => {
  it('splits a top-level comparison with a constant into the graphed side and the threshold', () => {
    expect(thresholdOf('probe_success == 0')).toEqual({ query: 'probe_success', value: 0, op: '==' });
    expect(thresholdOf('sum by (service) (rate(http_errors_total[5m])) > 0.5')).toEqual({
      query: 'sum by (service) (rate(http_errors_total[5m]))',
      value: 0.5,
      op: '>',
    });
    expect(thresholdOf('(avg(cpu) * 100) >= 80')).toEqual({ query: 'avg(cpu) * 100', value: 80, op: '>=' });
  });

  it('reads a constant on the left from the graph side, and a negative one', () => {
    expect(thresholdOf('80 < system_cpu_usage_percent')).toEqual({ query: 'system_cpu_usage_percent', value: 80, op: '>' });
    expect(thresholdOf('temperature <= -5')).toEqual({ query: 'temperature', value: -5, op: '<=' });
  });

  it('graphs the whole expression without a line when nothing is compared with a constant, and gives null when it does not parse', () => {
    expect(thresholdOf('absent(up)')).toEqual({ query: 'absent(up)', value: null, op: null });
    expect(thresholdOf('a > b')).toEqual({ query: 'a > b', value: null, op: null });
    expect(thresholdOf('a > bool 1')).toEqual({ query: 'a > bool 1', value: null, op: null });
    expect(thresholdOf('sum(')).toBeNull();
  });
});
