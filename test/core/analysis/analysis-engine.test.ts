import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import type { AlertView } from '../../../src/shared/types/alerts';
import type { InsightsView } from '../../../src/shared/types/insights';
import { silentLogger } from '../../../src/core/logger';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';

/**
 * Analysis as the engine runs it: samples appended to the real store are scored online, scores
 * are series in the same SQLite store that rules read, state survives a restart.
 */
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;
const insights = (engine: Engine, filter: object = {}): Promise<InsightsView> => engine.dispatch('insights.list', filter, context) as Promise<InsightsView>;
const firing = async (engine: Engine): Promise<string[]> =>
  ((await engine.dispatch('alerts.list', {}, context)) as AlertView[]).filter((a) => a.state === 'firing').map((a) => a.labels.alertname ?? '');
const STEP = 10_000;

function start(dataDir: string, clock: FakeClock, yaml: string): Engine {
  const workspacePath = writeFile(tempDir(), 'zervigo.yaml', yaml);
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000 });
  engines.push(engine);
  return engine;
}

/** Deterministic noise in [-1, 1]. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

function scores(engine: Engine, labels: Record<string, string>): { ts: number[]; values: number[] } {
  const [series] = engine.series.index.select(
    'anomaly_score',
    Object.entries(labels).map(([name, value]) => ({ name, type: '=' as const, value })),
  );
  if (series === undefined) return { ts: [], values: [] };
  const run = engine.series.reader.readRaw(series.id, 0, Number.MAX_SAFE_INTEGER);
  return { ts: [...run.ts], values: [...run.values] };
}

const WORKSPACE = `version: 1
machine: false
services:
  db: {}
  api: { depends_on: [db] }
  web: {}
rules:
  - alert: ApiAnomalous
    expr: anomaly_score{service="api"} > 0.99
    for: 2m
analysis:
  anomalies:
    select: ['latency_seconds']
  forecasts: []
`;

describe('analysis in the engine', () => {
  it('scores each new sample of a selected series into anomaly_score{labels, metric}, holds a sustained shift so an anomaly_score rule fires, and lets it go when the series returns', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const engine = start(tempDir(), clock, WORKSPACE);
    const api = engine.series.index.idOf('latency_seconds', { service: 'api' });
    const other = engine.series.index.idOf('unselected_metric', { service: 'api' });
    const feed = (from: number, to: number, level: (i: number) => number): void => {
      for (let i = from; i < to; i++) {
        engine.series.writer.append(api, clock.now(), level(i));
        engine.series.writer.append(other, clock.now(), level(i));
        clock.advance(STEP);
      }
    };
    feed(0, 300, (i) => 0.05 + 0.005 * noise(i));
    const learned = scores(engine, { service: 'api', metric: 'latency_seconds' });
    // The first 99 samples are learned from; the 100th and every later one is scored, in [0, 1].
    expect(learned.values.length).toBe(201);
    expect(learned.values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(engine.series.index.select('anomaly_score', [{ name: 'metric', type: '=', value: 'unselected_metric' }])).toHaveLength(0);
    expect(await firing(engine)).toEqual([]);

    // Latency jumps tenfold and stays there for 5 minutes.
    const shiftAt = clock.now();
    feed(300, 330, (i) => 0.5 + 0.005 * noise(i));
    const during = scores(engine, { service: 'api', metric: 'latency_seconds' });
    const shifted = during.values.filter((_, k) => (during.ts[k] as number) >= shiftAt);
    expect(shifted).toHaveLength(30);
    expect(shifted.every((v) => v > 0.99)).toBe(true);
    expect(await firing(engine)).toEqual(['ApiAnomalous']);

    const view = await insights(engine, {});
    expect(view.anomalies).toHaveLength(1);
    expect(view.anomalies[0]).toMatchObject({
      service: 'api',
      startedAt: shiftAt,
      endedAt: null,
      series: { metric: 'latency_seconds', selector: 'latency_seconds{service="api"}' },
    });
    expect(view.anomalies[0]?.typical).toBeCloseTo(0.05, 2);

    // Back to normal: the episode ends at once and the alert resolves.
    const backAt = clock.now();
    feed(330, 360, (i) => 0.05 + 0.005 * noise(i));
    const after = scores(engine, { service: 'api', metric: 'latency_seconds' });
    expect(after.values.filter((_, k) => (after.ts[k] as number) >= backAt).every((v) => v < 0.99)).toBe(true);
    expect((await insights(engine, {})).anomalies[0]?.endedAt).toBe(backAt);
    expect(await firing(engine)).toEqual([]);
  });

  it('dates an outage that follows a blip when the latency moved: its incident names it, not the dependency slowed a sample later, as the first to move', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const engine = start(tempDir(), clock, WORKSPACE);
    const api = engine.series.index.idOf('latency_seconds', { service: 'api' });
    const db = engine.series.index.idOf('latency_seconds', { service: 'db' });
    const quick = (i: number): number => 0.001 * Math.exp(0.15 * noise(i));
    const slow = (i: number): number => 0.45 + 0.001 * noise(i);
    const feed = (from: number, to: number, apiLevel: (i: number) => number, dbLevel: (i: number) => number): void => {
      for (let i = from; i < to; i++) {
        engine.series.writer.append(api, clock.now(), apiLevel(i));
        engine.series.writer.append(db, clock.now(), dbLevel(i + 1000));
        clock.advance(STEP);
      }
    };
    feed(0, 300, quick, quick);
    // A one-sample blip in api is an alarm of its own, and holds api's next alarms down for 100 samples;
    // 40 quiet samples (more than the 5-minute incident window) keep it out of the outage's incident.
    feed(300, 301, () => 0.03, quick);
    feed(301, 341, quick, quick);
    // The outage: api slows first, db a sample later. api's first samples are held, and its outage is
    // raised once it has lasted 3 samples (anomaly-episode.ts); db's is raised at once.
    const outageAt = clock.now();
    feed(341, 342, slow, quick);
    feed(342, 360, slow, slow);
    const view = await insights(engine, {});
    expect(view.anomalies.find((anomaly) => anomaly.endedAt === null && anomaly.service === 'api')).toMatchObject({ startedAt: outageAt });
    expect(view.anomalies.find((anomaly) => anomaly.endedAt === null && anomaly.service === 'db')).toMatchObject({ startedAt: outageAt + STEP });
    const incident = view.incidents.find((one) => one.endedAt === null);
    expect(incident).toMatchObject({ startedAt: outageAt, firstMover: { selector: 'latency_seconds{service="api"}' } });
  });

  it('raises no alarm on a change too small to matter (a flat memory series moving 9 % after a restart), and does on one that matters', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const engine = start(tempDir(), clock, WORKSPACE.replace("select: ['latency_seconds']", "select: ['process_resident_memory_bytes']"));
    const memory = engine.series.index.idOf('process_resident_memory_bytes', { service: 'api' });
    const feed = (count: number, bytes: number): void => {
      for (let i = 0; i < count; i++) {
        engine.series.writer.append(memory, clock.now(), bytes);
        clock.advance(STEP);
      }
    };
    const series = { service: 'api', metric: 'process_resident_memory_bytes' };
    // A sleeping process: the same resident size for 200 samples, then a restart takes 150 KB less.
    feed(200, 1_753_088);
    const smallAt = clock.now();
    feed(20, 1_601_536);
    const small = scores(engine, series);
    expect(small.values.filter((_, k) => (small.ts[k] as number) >= smallAt).every((v) => v <= 0.5)).toBe(true);
    expect((await insights(engine, {})).anomalies).toEqual([]);

    // The same process holding 60 MB more: material in both senses (well over 10 % and over 1 MiB).
    const bigAt = clock.now();
    feed(5, 61_601_536);
    const big = scores(engine, series);
    expect(big.values.filter((_, k) => (big.ts[k] as number) >= bigAt).every((v) => v > 0.99)).toBe(true);
    expect((await insights(engine, {})).anomalies).toMatchObject([{ service: 'api', series: { metric: 'process_resident_memory_bytes' }, startedAt: bigAt }]);
  });

  it("keeps each series' detector across a restart: the next engine scores at once instead of learning again", async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const dataDir = tempDir();
    let engine = start(dataDir, clock, WORKSPACE);
    let id = engine.series.index.idOf('latency_seconds', { service: 'web' });
    for (let i = 0; i < 150; i++) {
      engine.series.writer.append(id, clock.now(), 1 + 0.1 * noise(i));
      clock.advance(STEP);
    }
    await engine.stop();
    engines.length = 0;
    engine = start(dataDir, clock, WORKSPACE);
    id = engine.series.index.idOf('latency_seconds', { service: 'web' });
    const before = scores(engine, { service: 'web' }).values.length;
    expect(before).toBe(51);
    engine.series.writer.append(id, clock.now(), 1 + 0.1 * noise(150));
    expect(scores(engine, { service: 'web' }).values.length).toBe(before);
    clock.advance(STEP);
    // Scored (written with the next tick), not "learning (1 of 100 samples)".
    expect(scores(engine, { service: 'web' }).values.length).toBe(before + 1);
  });

  it('groups anomalies of services linked by depends_on that start close in time into one incident led by the first mover; an unrelated service is not part of it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const engine = start(tempDir(), clock, WORKSPACE);
    const ids = Object.fromEntries(['db', 'api', 'web'].map((service) => [service, engine.series.index.idOf('latency_seconds', { service })]));
    const shiftStart: Record<string, number> = { db: 200, api: 203, web: 201 };
    for (let i = 0; i < 230; i++) {
      for (const service of ['db', 'api', 'web']) {
        const base = service === 'db' ? 0.01 : service === 'api' ? 0.1 : 0.2;
        const shifted = i >= (shiftStart[service] as number);
        engine.series.writer.append(ids[service] as number, clock.now(), (shifted ? 8 * base : base) + base * 0.05 * noise(i + service.length * 1000));
      }
      clock.advance(STEP);
    }
    const view = await insights(engine, {});
    expect(view.anomalies.map((a) => a.service).sort()).toEqual(['api', 'db', 'web']);
    expect(view.incidents).toHaveLength(1);
    const [incident] = view.incidents;
    expect(incident?.services.sort()).toEqual(['api', 'db']);
    expect(incident?.firstMover.labels).toEqual({ service: 'db' });
    expect(incident?.series.map((s) => s.labels.service)).toEqual(['db', 'api']);
    expect((await insights(engine, { service: 'web' })).incidents).toHaveLength(0);
    expect((await insights(engine, { service: 'web' })).anomalies).toHaveLength(1);
  });

  it('scores at most max_series series and says so: the rest are not scored, a notice names the limit', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const engine = start(tempDir(), clock, WORKSPACE.replace("select: ['latency_seconds']", "select: ['latency_seconds']\n    max_series: 3"));
    const ids = Array.from({ length: 5 }, (_, k) => engine.series.index.idOf('latency_seconds', { service: `s${k}` }));
    for (let i = 0; i < 110; i++) {
      for (const id of ids) engine.series.writer.append(id, clock.now(), 1 + noise(i + id));
      clock.advance(STEP);
    }
    expect(engine.series.index.select('anomaly_score')).toHaveLength(3);
    const view = await insights(engine, {});
    expect(view.scoredSeries).toBe(3);
    expect(view.notices[0]?.summary).toContain('the first 3 are scored');
  });

  it('forecasts a filling gauge: forecast_seconds_until{labels, metric, threshold} and a forecast insight', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const engine = start(tempDir(), clock, WORKSPACE.replace('  forecasts: []', '  forecasts: [{ select: disk_used_percent, threshold: 90 }]'));
    const id = engine.series.index.idOf('disk_used_percent', { mount: '/' });
    // 10 % an hour from 40 % for an hour: 90 % is reached 4 h after the last sample (50 %).
    for (let i = 0; i <= 360; i++) {
      engine.series.writer.append(id, clock.now(), 40 + (10 * i * STEP) / 3_600_000 + 0.05 * noise(i));
      if (i < 360) clock.advance(STEP);
    }
    clock.advance(60_000);
    const [output] = engine.series.index.select('forecast_seconds_until', [{ name: 'threshold', type: '=', value: '90' }]);
    expect(output?.labels).toEqual({ metric: 'disk_used_percent', mount: '/', threshold: '90' });
    const view = await insights(engine, { kind: 'forecast' });
    expect(view.forecasts).toHaveLength(1);
    const forecast = view.forecasts[0];
    expect(forecast?.status).toBe('fills');
    // Asked up to a minute after the last sample.
    expect(forecast?.secondsUntil).toBeGreaterThan(3.8 * 3600);
    expect(forecast?.secondsUntil).toBeLessThan(4.1 * 3600);
    expect(forecast?.summary).toMatch(/fills in 4(\.\d)? h/);
    const written = engine.series.reader.readRaw(output?.id as number, 0, Number.MAX_SAFE_INTEGER);
    expect(written.values.at(-1)).toBeCloseTo(forecast?.secondsUntil as number, 3);
  });
});
