import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncidentsModule, RESOURCE_HOLD_MS, SUSTAINED_MS } from '../../../src/core/incidents/incidents-module';
import { ResourceShiftWatch } from '../../../src/core/incidents/resource-shifts';
import { silentLogger } from '../../../src/core/logger';
import { openDatabase } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import type { ServiceView } from '../../../src/shared/types/service';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir } from '../../helpers/temp-dir';

/**
 * A service's own CPU that rose and stayed up, with no rule firing and no anomaly from the
 * detector (it learns a series for its first hundred samples): on a real SQLite series store and
 * an injected clock, the rise is a symptom once it has held, and opens an incident of its own;
 * a short one (a restarted process settling) opens nothing.
 */
const EVERY_MS = 2_000;

function serviceView(name: string): ServiceView {
  return {
    name,
    description: null,
    status: 'running',
    reason: null,
    dependsOn: [],
    waitingFor: [],
    runner: 'process',
    probes: [],
    runtime: null,
    pendingRestart: null,
  };
}

function setup() {
  const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
  const clock = new FakeClock();
  const series = new SeriesStore(db, () => clock.now());
  const cpu = series.index.idOf('process_cpu_usage_percent', { service: 'queue' });
  const memory = series.index.idOf('process_resident_memory_bytes', { service: 'queue' });
  const latency = series.index.idOf('probe_duration_seconds', { service: 'queue' });
  /** Samples every 2 s for `ms`, CPU as `cpuAt(t)` (jittering around it), memory and latency flat; `each` after every sample. */
  const feed = (ms: number, cpuAt: (elapsed: number) => number, each: () => void = () => undefined): void => {
    for (let elapsed = 0; elapsed < ms; elapsed += EVERY_MS) {
      const jitter = ((elapsed / EVERY_MS) % 3) * 0.3;
      series.writer.append(cpu, clock.now(), cpuAt(elapsed) + jitter);
      series.writer.append(memory, clock.now(), 50e6 + jitter * 1e5);
      series.writer.append(latency, clock.now(), 0.002 + (elapsed % 3) * 0.001);
      series.writer.flush();
      each();
      clock.advance(EVERY_MS);
    }
  };
  return { db, clock, series, feed };
}

describe('resource shifts', () => {
  it(`a service's own CPU that rose and held ${SUSTAINED_MS / 1000} s is a rise from its start; a shorter one is not`, () => {
    const { clock, series, feed } = setup();
    const watch = new ResourceShiftWatch(series, SUSTAINED_MS);
    feed(20_000, () => 2);
    const onset = clock.now();
    // Held 20 s: not yet.
    feed(
      20_000,
      () => 15,
      () => expect(watch.check(['queue'], clock.now())).toEqual([]),
    );
    feed(12_000, () => 15);
    const [shift, ...others] = watch.check(['queue'], clock.now());
    expect(others).toEqual([]);
    expect(shift).toMatchObject({ service: 'queue', selector: 'process_cpu_usage_percent{service="queue"}', startedAt: onset });
    expect(shift?.typical).toBeCloseTo(2.3, 1);
    // It ends with the first sample back at its usual level.
    feed(4_000, () => 2);
    expect(watch.check(['queue'], clock.now())).toEqual([]);
  });

  it('a slow drift already under way before is no rise, and neither is a fall', () => {
    const { clock, series, feed } = setup();
    const watch = new ResourceShiftWatch(series, SUSTAINED_MS);
    // Climbing steadily since long before (a leak under way for minutes): its spread is as wide as its climb, no rise began now.
    feed(100_000, (elapsed) => 2 + elapsed / 2_000);
    expect(watch.check(['queue'], clock.now())).toEqual([]);
    // Dropping to a fraction of its level (less traffic reaching it).
    feed(40_000, () => 0.1);
    expect(watch.check(['queue'], clock.now())).toEqual([]);
  });

  it('opens an incident on a held rise of a service that alerts nothing, and none on a short one', () => {
    const { db, clock, series, feed } = setup();
    const module = new IncidentsModule({
      db,
      series,
      clock,
      logger: silentLogger,
      services: () => [serviceView('queue')],
      alerts: () => [],
      anomalies: () => [],
      logLines: () => Promise.resolve([]),
      quietMs: () => 60_000,
    });
    feed(
      20_000,
      () => 2,
      () => module.observe(),
    );
    // A restart's settling: 16 s of high CPU, then back.
    feed(
      16_000,
      () => 30,
      () => module.observe(),
    );
    feed(
      60_000,
      () => 2,
      () => module.observe(),
    );
    expect(module.store.list(5)).toEqual([]);
    const onset = clock.now();
    feed(
      40_000,
      () => 15,
      () => module.observe(),
    );
    const [incident, ...others] = module.store.list(5);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ services: ['queue'], start: onset, resolvedAt: null });
    expect(incident?.anomalies).toEqual([{ series: 'process_cpu_usage_percent{service="queue"}', service: 'queue', startedAt: onset, endedAt: null }]);
  });

  it(`opens the incident ${RESOURCE_HOLD_MS / 1000} s into the rise, before a detector's anomaly would count (${SUSTAINED_MS / 1000} s)`, () => {
    const { db, clock, series, feed } = setup();
    const module = new IncidentsModule({
      db,
      series,
      clock,
      logger: silentLogger,
      services: () => [serviceView('queue')],
      alerts: () => [],
      anomalies: () => [],
      logLines: () => Promise.resolve([]),
    });
    feed(
      30_000,
      () => 2,
      () => module.observe(),
    );
    const onset = clock.now();
    feed(
      RESOURCE_HOLD_MS + 4_000,
      () => 15,
      () => module.observe(),
    );
    expect(clock.now() - onset).toBeLessThan(SUSTAINED_MS);
    expect(module.store.list(5)).toMatchObject([{ services: ['queue'], start: onset }]);
  });

  it('watches nothing when the workspace turns anomalies off', () => {
    const { db, clock, series, feed } = setup();
    const module = new IncidentsModule({
      db,
      series,
      clock,
      logger: silentLogger,
      services: () => [serviceView('queue')],
      alerts: () => [],
      anomalies: () => [],
      logLines: () => Promise.resolve([]),
      watchResources: () => false,
    });
    feed(
      20_000,
      () => 2,
      () => module.observe(),
    );
    feed(
      40_000,
      () => 15,
      () => module.observe(),
    );
    expect(module.store.list(5)).toEqual([]);
  });
});
