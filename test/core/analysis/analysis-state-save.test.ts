import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnalysisModule } from '../../../src/core/analysis/analysis-module';
import type { InsightAlert, InsightAlertPort } from '../../../src/core/analysis/insight-alerts';
import { SeriesScorer } from '../../../src/core/analysis/series-scorer';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import type { ActiveWorkspace } from '../../../src/core/config/active-workspace';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { silentLogger } from '../../../src/core/logger';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { FakeClock } from '../../helpers/fake-clock';
import type { AnomalyInsight } from '../../../src/shared/types/insights';
import { tempDir } from '../../helpers/temp-dir';

/**
 * How analysis keeps its learned state (real SQLite files): the periodic save is spread over
 * slices, a workspace edit keeps the detectors it still uses in memory, and a crash in the middle
 * of a save round loses neither a series' learning nor an anomaly going on.
 */
const STEP = 10_000;

const yaml = (select: string, extra = ''): string => `version: 1
machine: false
services:
  api: {}
${extra}analysis:
  anomalies:
    select: ['${select}']
    max_series: 20000
  forecasts: []
`;

function active(content: string, at: number): ActiveWorkspace {
  const parsed = parseWorkspace(content, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { path: null, content, config: parsed.workspace.config, environment: null, vars: {}, versionId: 1, loadedAt: at };
}

function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

interface Opened {
  db: Database;
  series: SeriesStore;
  analysis: AnalysisModule;
  ids: number[];
}

const open: Database[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of open.splice(0)) if (db.open) db.close();
});

/** The analysis part on the data file, as the engine builds it; `count` latency series, the first api's. */
function start(file: string, clock: FakeClock, content: string, count: number, alerts?: InsightAlertPort): Opened {
  const db = openDatabase(file);
  open.push(db);
  const series = new SeriesStore(db, () => clock.now());
  const analysis = new AnalysisModule({ db, series, clock, logger: silentLogger, ...(alerts === undefined ? {} : { alerts }) });
  analysis.applyWorkspace(active(content, clock.now()));
  const ids = Array.from({ length: count }, (_, i) => series.index.idOf('latency_seconds', { service: i === 0 ? 'api' : `s${i}` }));
  return { db, series, analysis, ids };
}

/** `samples` ticks of every series (the first `shifted` at `level(i)` when given), written as the engine's tick does. */
function feed(opened: Opened, clock: FakeClock, from: number, samples: number, apiLevel: (i: number) => number = () => 1, shifted = 1): void {
  for (let i = from; i < from + samples; i++) {
    opened.ids.forEach((id, k) => opened.series.writer.append(id, clock.now(), (k < shifted ? apiLevel(i) : 1) * (1 + 0.1 * noise(i * 31 + k))));
    opened.series.writer.flush();
    clock.advance(STEP);
  }
}

const writtenAt = (db: Database, at: number): number =>
  (db.prepare("SELECT COUNT(*) AS n FROM analysis_state WHERE kind = 'anomaly' AND updated_at = ?").get(at) as { n: number }).n;
const scoresAt = (opened: Opened, ts: number): number =>
  opened.series.index.select('anomaly_score').filter((info) => opened.series.reader.readRaw(info.id, ts, ts + 1).ts.length > 0).length;

describe('the periodic analysis state save', () => {
  it('is spread over slices: no turn of the event loop writes every series, and the round ends with every one written', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const opened = start(path.join(tempDir(), 'zervigo.db'), clock, yaml('latency_seconds'), 2_000);
    feed(opened, clock, 0, 110);
    const at = clock.now();
    const writtenAtEachYield: number[] = [];
    await opened.analysis.saveStates(at, async () => {
      writtenAtEachYield.push(writtenAt(opened.db, at));
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(writtenAtEachYield.length).toBeGreaterThanOrEqual(2);
    expect(writtenAtEachYield[0]).toBeGreaterThan(0);
    expect(writtenAtEachYield[0]).toBeLessThan(2_000);
    expect(writtenAt(opened.db, at)).toBe(2_000);
  });

  it('after a crash in the middle of a round, every series goes on from its latest saved state and an anomaly that began since the last round goes on', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const first = start(file, clock, yaml('latency_seconds'), 600);
    feed(first, clock, 0, 110);
    const roundOne = clock.now();
    await first.analysis.saveStates(roundOne);
    expect(writtenAt(first.db, roundOne)).toBe(600);

    // Ten minutes on, api's latency has been ten times its usual for a while: an anomaly is open.
    feed(first, clock, 110, 60, (i) => (i >= 150 ? 10 : 1));
    const open = first.analysis.list().anomalies.filter((anomaly) => anomaly.endedAt === null);
    expect(open.map((anomaly) => anomaly.series.labels.service)).toEqual(['api']);

    // The next round writes one slice, and the process dies before the next (the database is left as it is).
    const roundTwo = clock.now();
    await Promise.race([first.analysis.saveStates(roundTwo, () => new Promise<void>(() => undefined)), new Promise((resolve) => setTimeout(resolve, 50))]);
    const inSlice = writtenAt(first.db, roundTwo);
    expect(inSlice).toBeGreaterThan(0);
    expect(inSlice).toBeLessThan(600);
    first.db.close();

    const second = start(file, clock, yaml('latency_seconds'), 600);
    expect(
      second.analysis
        .list()
        .anomalies.filter((anomaly) => anomaly.endedAt === null)
        .map((anomaly) => anomaly.id),
    ).toEqual(open.map((a) => a.id));
    const next = clock.now();
    feed(second, clock, 170, 12, () => 10);
    // Every series scored from its first sample (restored, not learning again)...
    expect(scoresAt(second, next)).toBe(600);
    // ...and api's anomaly goes on: its restored detector is in it.
    const after = second.analysis.list().anomalies.filter((anomaly) => anomaly.endedAt === null);
    expect(after.map((anomaly) => anomaly.id)).toEqual(open.map((a) => a.id));
    expect(after[0]?.lastAt).toBeGreaterThanOrEqual(next);
  });
});

describe('a stop during a save round', () => {
  it('saves every series at once, and the round writes nothing after it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const opened = start(file, clock, yaml('latency_seconds'), 600);
    feed(opened, clock, 0, 110);
    const at = clock.now();
    let resume = (): void => undefined;
    const round = opened.analysis.saveStates(at, () => new Promise<void>((resolve) => (resume = resolve)));
    expect(writtenAt(opened.db, at)).toBeLessThan(600);
    const failed = vi.spyOn(silentLogger, 'error');
    opened.analysis.stop();
    expect(writtenAt(opened.db, at)).toBe(600);
    opened.db.close();
    resume();
    await round;
    expect(failed).not.toHaveBeenCalled();
  });
});

describe('an open anomaly whose detector was saved before it began', () => {
  // The periodic round saved every detector; then api's anomaly began and the minute's save wrote
  // the episodes only (detectors wait for the next round); then the process died.
  async function crashedWithEpisodeAhead(file: string, clock: FakeClock): Promise<{ id: string; fed: number }> {
    const first = start(file, clock, yaml('latency_seconds'), 5);
    feed(first, clock, 0, 110);
    await first.analysis.saveStates(clock.now());
    feed(first, clock, 110, 15, (i) => (i >= 115 ? 10 : 1));
    const open = first.analysis.list().anomalies.filter((anomaly) => anomaly.endedAt === null);
    expect(open.map((anomaly) => anomaly.series.labels.service)).toEqual(['api']);
    await first.analysis.saveStates(clock.now());
    first.db.close();
    return { id: open[0]?.id ?? '', fed: 125 };
  }

  it('goes on as the same anomaly after a restart while the series stays anomalous: the restored detector finds it again', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const { id, fed } = await crashedWithEpisodeAhead(file, clock);
    const second = start(file, clock, yaml('latency_seconds'), 5);
    const next = clock.now();
    feed(second, clock, fed, 30, () => 10);
    const anomalies = second.analysis.list().anomalies.filter((anomaly) => anomaly.series.labels.service === 'api');
    expect(anomalies.map((anomaly) => [anomaly.id, anomaly.endedAt])).toEqual([[id, null]]);
    expect(anomalies[0]?.lastAt).toBeGreaterThan(next);
  });

  it('ends within five minutes of the restart when the series is back to normal', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const { id, fed } = await crashedWithEpisodeAhead(file, clock);
    const second = start(file, clock, yaml('latency_seconds'), 5);
    const restartedAt = clock.now();
    feed(second, clock, fed, 40, () => 1);
    const [anomaly] = second.analysis.list().anomalies.filter((a) => a.series.labels.service === 'api');
    expect(anomaly?.id).toBe(id);
    expect(anomaly?.endedAt).not.toBeNull();
    expect((anomaly?.endedAt as number) - restartedAt).toBeLessThanOrEqual(5 * 60_000 + STEP);
  });
});

describe('a workspace edit', () => {
  it('keeps the detector of every series still selected in memory (nothing serialized or read back), saves and drops the others', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const opened = start(path.join(tempDir(), 'zervigo.db'), clock, yaml('latency_seconds'), 50);
    feed(opened, clock, 0, 110);
    // Saved as the engine does it (episodes that began are written with their detectors then, not at the edit).
    await opened.analysis.saveStates(clock.now());
    const restore = vi.spyOn(SeriesScorer, 'restore');
    const serialize = vi.spyOn(SeriesScorer.prototype, 'serialize');

    // An edit elsewhere in the file.
    opened.analysis.applyWorkspace(active(yaml('latency_seconds', '  web: {}\n'), clock.now()));
    const next = clock.now();
    feed(opened, clock, 110, 1);
    expect(serialize).not.toHaveBeenCalled();
    expect(restore).not.toHaveBeenCalled();
    expect(scoresAt(opened, next)).toBe(50);

    // An edit that keeps api's series only: the 49 others are saved as they are dropped.
    const at = clock.now();
    opened.analysis.applyWorkspace(active(yaml('latency_seconds{service="api"}'), at));
    expect(serialize).toHaveBeenCalledTimes(49);
    expect(writtenAt(opened.db, at)).toBe(49);
    const later = clock.now();
    feed(opened, clock, 111, 1);
    expect(restore).not.toHaveBeenCalled();
    expect(scoresAt(opened, later)).toBe(1);
  });

  it('of the sensitivity keeps scoring every series at once (the detector rebuilt in memory, not learned again)', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const opened = start(path.join(tempDir(), 'zervigo.db'), clock, yaml('latency_seconds'), 20);
    feed(opened, clock, 0, 110);
    opened.analysis.applyWorkspace(active(yaml('latency_seconds').replace('max_series: 20000', 'max_series: 20000\n    sensitivity: high'), clock.now()));
    const next = clock.now();
    feed(opened, clock, 110, 1);
    expect(scoresAt(opened, next)).toBe(20);
  });
});

/** An alerts module as analysis sees it: what fires stays firing across a restart (the rules keep it). */
function alertsKept(): { port: InsightAlertPort; raised: string[]; resolved: string[] } {
  const firing = new Map<string, InsightAlert>();
  const raised: string[] = [];
  const resolved: string[] = [];
  const port: InsightAlertPort = {
    firing: () => [...firing.values()],
    raise: ({ labels, annotations }) => {
      raised.push(labels.insight ?? '');
      firing.set(labels.insight ?? '', { labels, annotations });
    },
    resolve: ({ labels }) => {
      resolved.push(labels.insight ?? '');
      firing.delete(labels.insight ?? '');
    },
  };
  return { port, raised, resolved };
}

const notifying = yaml('latency_seconds').replace('  forecasts: []', '  forecasts: []\n  notify:\n    enabled: true\n    anomalies_for: 0s');
const episodeRows = (db: Database): number => (db.prepare('SELECT COUNT(*) AS n FROM anomaly_episodes').get() as { n: number }).n;

describe('anomalies that ended before a restart', () => {
  it('are listed after it as they were (same ids and times, still ended), their incident too, and raise or resolve no alert again', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const alerts = alertsKept();
    const first = start(file, clock, notifying, 4, alerts.port);
    // Two of api's series move together: one incident of two series.
    first.ids.unshift(first.series.index.idOf('latency_seconds', { service: 'api', route: '/b' }));
    feed(first, clock, 0, 110);
    feed(first, clock, 110, 20, () => 10, 2);
    first.analysis.syncAlerts();
    feed(first, clock, 130, 60, () => 1, 2);
    first.analysis.syncAlerts();
    const before = first.analysis.list();
    const ended = before.anomalies.filter((anomaly) => anomaly.series.labels.service === 'api');
    expect(ended.length).toBeGreaterThanOrEqual(2);
    expect(ended.every((anomaly) => anomaly.endedAt !== null)).toBe(true);
    expect(before.incidents).toHaveLength(1);
    expect(before.incidents[0]?.endedAt).not.toBeNull();
    expect(alerts.raised).toEqual([before.incidents[0]?.id]);
    expect(alerts.resolved).toEqual(alerts.raised);
    first.analysis.stop();
    first.db.close();

    const second = start(file, clock, notifying, 4, alerts.port);
    second.ids.unshift(second.series.index.idOf('latency_seconds', { service: 'api', route: '/b' }));
    const after = second.analysis.list();
    expect(after.anomalies).toEqual(before.anomalies);
    expect(after.incidents).toEqual(before.incidents);
    second.analysis.syncAlerts();
    feed(second, clock, 190, 30);
    second.analysis.syncAlerts();
    expect(second.analysis.list().anomalies.filter((anomaly) => anomaly.series.labels.service === 'api')).toEqual(ended);
    expect(alerts.raised).toHaveLength(1);
    expect(alerts.resolved).toHaveLength(1);
  });

  it('come back with every incident listed, whole, even where its episodes are older than the 500 anomalies listed', () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const first = start(file, clock, yaml('latency_seconds'), 0);
    const api = ['/a', '/b'].map((route) => first.series.index.idOf('latency_seconds', { service: 'api', route }));
    // 499 series of one machine: one incident, listed after api's.
    const machine = Array.from({ length: 499 }, (_, k) => first.series.index.idOf('latency_seconds', { host: 'h1', disk: `d${k}` }));
    first.ids.push(...api, ...machine);
    // api /a moves first, /b 20 s later (one incident), the machine's 50 s later: /a is the 501st anomaly, not listed.
    const movesAt = (k: number): number => (k === 0 ? 110 : k === 1 ? 112 : 115);
    for (let i = 0; i < 190; i++) {
      first.ids.forEach((id, k) =>
        first.series.writer.append(id, clock.now(), (i >= movesAt(k) && i < movesAt(k) + 20 ? 10 : 1) * (1 + 0.1 * noise(i * 31 + k))),
      );
      first.series.writer.flush();
      clock.advance(STEP);
    }
    const before = first.analysis.list();
    expect(before.anomalies).toHaveLength(500);
    expect(before.anomalies.some((anomaly) => anomaly.series.labels.route === '/a')).toBe(false);
    const apiIncident = before.incidents.find((incident) => incident.services.includes('api'));
    expect(apiIncident?.series.map((series) => series.labels.route)).toEqual(['/a', '/b']);
    expect(apiIncident?.endedAt).not.toBeNull();
    first.analysis.stop();
    first.db.close();

    const second = start(file, clock, yaml('latency_seconds'), 0);
    const after = second.analysis.list();
    expect(after.incidents).toEqual(before.incidents);
    expect(after.anomalies.map((anomaly) => anomaly.id).sort()).toEqual(before.anomalies.map((anomaly) => anomaly.id).sort());
  });

  it('are kept up to the 500 the console lists (the newest), and the table never holds more', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const file = path.join(tempDir(), 'zervigo.db');
    const first = start(file, clock, yaml('latency_seconds'), 600);
    feed(first, clock, 0, 110);
    // A third of the series at a time is ten times its usual for 20 samples, then settles: 600 ended anomalies, 100 of them pushed out.
    for (let i = 110; i < 290; i++) {
      const wave = Math.floor((i - 110) / 60);
      const shifted = i - 110 - wave * 60 < 20;
      first.ids.forEach((id, k) => first.series.writer.append(id, clock.now(), (shifted && k % 3 === wave ? 10 : 1) * (1 + 0.1 * noise(i * 31 + k))));
      first.series.writer.flush();
      clock.advance(STEP);
      // The engine's maintenance saves every minute: each wave's anomalies are written as they end.
      if ((i - 110) % 6 === 5) await first.analysis.saveStates(clock.now());
    }
    const before = first.analysis.list().anomalies;
    expect(before).toHaveLength(500);
    expect(before.every((anomaly) => anomaly.endedAt !== null)).toBe(true);
    expect(episodeRows(first.db)).toBe(500);
    first.analysis.stop();
    expect(episodeRows(first.db)).toBe(500);
    first.db.close();

    const second = start(file, clock, yaml('latency_seconds'), 600);
    // The same 500 (those that began at the same moment may list in another order).
    const byId = (anomalies: readonly AnomalyInsight[]): [string, number | null][] =>
      anomalies.map((anomaly): [string, number | null] => [anomaly.id, anomaly.endedAt]).sort();
    expect(byId(second.analysis.list().anomalies)).toEqual(byId(before));
  });
});
