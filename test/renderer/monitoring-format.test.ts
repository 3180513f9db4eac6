import { describe, expect, it } from 'vitest';
import { alignSeries, gapThreshold } from '../../src/renderer/src/format/chart-data';
import { LiveSeries } from '../../src/renderer/src/format/live-series';
import { formatAvailability, formatLatency, formatPercent, formatRate } from '../../src/renderer/src/format/metric-units';
import { probeName, probeStatusLook } from '../../src/renderer/src/format/probe-status';
import { formatTimeTick } from '../../src/renderer/src/format/time';
import { describeRange, resolveRange } from '../../src/renderer/src/format/time-range';
import { machineFeed, pushMachineSample } from '../../src/renderer/src/stores/machine-feed';
import { applyProbeChanges, probesOf, setProbes, useProbesStore } from '../../src/renderer/src/stores/probes-store';
import type { MachineSample, ProbeState } from '../../src/shared/types/monitoring';

const T = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('chart data', () => {
  it('draws a gap (null) where samples stop for longer than the threshold, and spans small misalignments', () => {
    const aligned = alignSeries([{ ts: [T, T + 10_000, T + 20_000, T + 120_000], values: [1, 2, 3, 4] }], 25_000);
    expect(aligned).toEqual([
      [T / 1000, T / 1000 + 10, T / 1000 + 20, T / 1000 + 70, T / 1000 + 120],
      [1, 2, 3, null, 4],
    ]);
    const two = alignSeries(
      [
        { ts: [T, T + 10_000], values: [1, 2] },
        { ts: [T + 5_000], values: [9] },
      ],
      25_000,
    );
    // Where one series has no sample at another's time: undefined (spanned), not a gap.
    expect(two[0]).toEqual([T / 1000, T / 1000 + 5, T / 1000 + 10]);
    expect(two[1]).toEqual([1, undefined, 2]);
    expect(two[2]).toEqual([undefined, 9, undefined]);
    expect(gapThreshold(1_000, 10_000)).toBe(25_000);
  });

  it('keeps a live window: appends only newer points and trims the old ones', () => {
    const live = new LiveSeries(2);
    live.reset([
      { ts: [T, T + 1_000], values: [1, 2] },
      { ts: [], values: [] },
    ]);
    expect(live.append(0, T + 1_000, 5)).toBe(false);
    expect(live.append(0, T + 2_000, 3)).toBe(true);
    expect(live.append(1, T + 2_000, null)).toBe(false);
    live.trimBefore(T + 1_000);
    expect(live.aligned(60_000)).toEqual([
      [T / 1000 + 1, T / 1000 + 2],
      [2, 3],
      [undefined, undefined],
    ]);
  });
});

describe('monitoring formats', () => {
  it('scales latency, percentages, availability and rates with their units', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(0)).toBe('0 ms');
    expect(formatLatency(0.42)).toBe('0.42 ms');
    expect(formatLatency(8.26)).toBe('8.3 ms');
    expect(formatLatency(812.4)).toBe('812 ms');
    expect(formatLatency(1_530)).toBe('1.53 s');
    expect(formatPercent(23.456)).toBe('23.5 %');
    expect(formatAvailability(1)).toBe('100 %');
    expect(formatAvailability(0.99956)).toBe('99.95 %');
    expect(formatAvailability(0.9726)).toBe('97.2 %');
    expect(formatAvailability(null)).toBe('—');
    expect(formatRate(1536)).toBe('1.5 KB/s');
  });

  it('labels time axes for the span shown, in 24-hour local time', () => {
    const at = new Date(2026, 10, 22, 14, 5, 9).getTime();
    expect(formatTimeTick(at, 5 * 60_000)).toBe('14:05:09');
    expect(formatTimeTick(at, 3_600_000)).toBe('14:05');
    expect(formatTimeTick(at, 7 * 86_400_000)).toBe('11-22 14:05');
    expect(formatTimeTick(at, 30 * 86_400_000)).toBe('2026-11-22');
  });

  it('resolves relative ranges against now and keeps absolute ones', () => {
    expect(resolveRange({ kind: 'relative', key: '15m' }, T)).toEqual({ start: T - 900_000, end: T, live: true });
    expect(resolveRange({ kind: 'absolute', start: 1, end: 2 }, T)).toEqual({ start: 1, end: 2, live: false });
    expect(describeRange({ kind: 'relative', key: '7d' })).toBe('last 7d');
  });

  it('words probe states and names', () => {
    expect(probeStatusLook('pending')).toMatchObject({ tone: 'warning', label: 'pending' });
    expect(probeStatusLook('paused').tone).toBe('neutral');
    expect(probeName('api/http#0', 'api')).toBe('http#0');
  });
});

const probe = (id: string, patch: Partial<ProbeState> = {}): ProbeState => ({
  id,
  service: id.split('/')[0] as string,
  kind: 'http',
  target: 'http://127.0.0.1/',
  role: 'liveness',
  status: 'up',
  reason: null,
  lastCheckAt: T,
  latencyMs: 3,
  since: T,
  nextCheckAt: T + 10_000,
  everyMs: 10_000,
  retryEveryMs: 2_500,
  retries: 1,
  failures: 0,
  ...patch,
});

describe('monitoring stores', () => {
  it('merges probe changes by id and lists a service’s probes in declaration order', () => {
    setProbes([probe('api/http#0'), probe('api/tcp#1'), probe('db/tcp#0')]);
    applyProbeChanges([probe('api/tcp#1', { status: 'down', reason: 'refused' })]);
    const { byId } = useProbesStore.getState();
    expect(probesOf(byId, 'api', ['api/tcp#1', 'api/http#0']).map((one) => [one.id, one.status])).toEqual([
      ['api/tcp#1', 'down'],
      ['api/http#0', 'up'],
    ]);
    expect(byId['db/tcp#0']?.status).toBe('up');
  });

  it('keeps machine samples in time order, outside React, and tells its subscribers', () => {
    const sample = (at: number): MachineSample => ({
      at,
      host: 'box',
      cpuPercent: 5,
      cpuCores: [5],
      load: [0, 0, 0],
      memory: { usedBytes: 1, totalBytes: 2, percent: 50, swapUsedBytes: 0, swapTotalBytes: 0 },
      disks: [],
      network: [],
    });
    const seen: number[] = [];
    const stop = machineFeed.subscribe((one) => seen.push(one.at));
    pushMachineSample(sample(T + 2));
    pushMachineSample(sample(T + 1));
    pushMachineSample(null);
    pushMachineSample(sample(T + 3));
    stop();
    expect(seen).toEqual([T + 2, T + 3]);
    expect(machineFeed.latest()?.at).toBe(T + 3);
  });
});
