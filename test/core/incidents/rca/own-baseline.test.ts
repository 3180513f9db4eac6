import { describe, expect, it } from 'vitest';
import { deviationBeforeOwnChange, ownChangePoint, withoutStartUp } from '../../../../src/core/incidents/rca/own-baseline';
import type { Samples } from '../../../../src/core/incidents/rca/robust-deviation';

/**
 * Each series' baseline ends before its own change, not at the incident's start, and leaves out
 * its process's start-up: an incident opened before the fault on a young process must still see
 * the fault's CPU rise.
 */
const ONSET = 1_000_000;

/** CPU every second: a process started 40 s before the onset (start-up at 90 %), steady at 5 % ± 1, a hog at 80 % from `hogAt`. */
function youngProcessCpu(hogAt: number, until: number): Samples {
  const ts: number[] = [];
  const values: number[] = [];
  for (let at = ONSET - 40_000; at <= until; at += 1_000) {
    ts.push(at);
    const sinceStart = at - (ONSET - 40_000);
    values.push(sinceStart < 6_000 ? 90 : at >= hogAt ? 80 : 5 + ((at / 1_000) % 3) - 1);
  }
  return { ts, values };
}

describe('baseline before the series’ own change', () => {
  it('sees a hog that began 12 s after an incident opened on a process 40 s old', () => {
    const run = youngProcessCpu(ONSET + 12_000, ONSET + 40_000);
    const deviation = deviationBeforeOwnChange(run, 'process_cpu_usage_percent', ONSET - 15 * 60_000, ONSET, () => null);
    expect(deviation).not.toBeNull();
    expect(deviation?.score).toBeGreaterThan(20);
    expect(deviation?.onset).toBe(ONSET + 12_000);
    expect(deviation?.baselineMedian).toBeLessThan(10);
  });

  it('leaves out the start-up of a process that began inside the read stretch, not of one running before it', () => {
    const run = youngProcessCpu(Number.POSITIVE_INFINITY, ONSET);
    expect(withoutStartUp(run, 'process_cpu_usage_percent', ONSET - 15 * 60_000).values[0]).toBeLessThan(10);
    expect(withoutStartUp(run, 'process_cpu_usage_percent', ONSET - 40_000).values[0]).toBe(90);
  });

  it('keeps the first samples of a process steady from its start: a hog 16 s after it started (a sample every 2 s) is seen', () => {
    // 8 samples at 3-5 % from the process's start, then a hog at 30 % from the onset: the first 10 s were most of its baseline.
    const ts: number[] = [];
    const values: number[] = [];
    for (let at = ONSET - 16_000; at <= ONSET + 20_000; at += 2_000) {
      ts.push(at);
      values.push(at >= ONSET ? 30 + ((at / 2_000) % 3) : 4 + ((at / 2_000) % 3) - 1);
    }
    const run = { ts, values };
    expect(withoutStartUp(run, 'process_cpu_usage_percent', ONSET - 15 * 60_000).values).toHaveLength(values.length);
    const deviation = deviationBeforeOwnChange(run, 'process_cpu_usage_percent', ONSET - 15 * 60_000, ONSET + 10_000, () => null);
    expect(deviation?.onset).toBe(ONSET);
    expect(deviation?.score).toBeGreaterThan(10);
    // A memory that grew over its start-up still has that stretch left out.
    const memory = { ts, values: ts.map((at) => (at < ONSET - 8_000 ? 20e6 + (at - (ONSET - 16_000)) * 5_000 : 60e6)) };
    expect(withoutStartUp(memory, 'process_resident_memory_bytes', ONSET - 15 * 60_000).ts[0]).toBe(ONSET - 8_000);
  });

  it('finds no change point in a steady series, and then asks the fallback', () => {
    const run = youngProcessCpu(Number.POSITIVE_INFINITY, ONSET + 40_000);
    expect(ownChangePoint(withoutStartUp(run, 'process_cpu_usage_percent', ONSET - 15 * 60_000), 'process_cpu_usage_percent', ONSET - 120_000)).toBeNull();
    expect(
      deviationBeforeOwnChange(run, 'process_cpu_usage_percent', ONSET - 15 * 60_000, ONSET, () => ({
        score: 0,
        baselineMedian: 5,
        peak: 5,
        peakAt: ONSET,
        onset: null,
      }))?.score,
    ).toBe(0);
  });

  it('does not take a caller’s probe, slowed by a busy machine 8 s before the fault and recovered, as moving first', () => {
    // probe_duration_seconds every second for 5 min: 10 ms; 300 ms from ONSET-8 s to ONSET-5 s; 600 ms from ONSET+20 s (the fault reached it).
    const ts: number[] = [];
    const values: number[] = [];
    for (let at = ONSET - 300_000; at <= ONSET + 40_000; at += 1_000) {
      ts.push(at);
      values.push(at >= ONSET - 8_000 && at < ONSET - 5_000 ? 0.3 : at >= ONSET + 20_000 ? 0.6 : 0.01 + ((at / 1_000) % 3) * 0.001);
    }
    const deviation = deviationBeforeOwnChange({ ts, values }, 'probe_duration_seconds', ONSET - 15 * 60_000, ONSET, () => null);
    expect(deviation?.onset).toBe(ONSET + 20_000);
    // Had it recovered for good, it moved not at all in this incident.
    const recovered = values.map((value, i) => ((ts[i] as number) >= ONSET + 20_000 ? 0.01 : value));
    const quiet = deviationBeforeOwnChange({ ts, values: recovered }, 'probe_duration_seconds', ONSET - 15 * 60_000, ONSET, () => null);
    expect(quiet?.onset ?? null).toBeNull();
    expect(quiet?.score ?? 0).toBeLessThan(3);
  });
});
