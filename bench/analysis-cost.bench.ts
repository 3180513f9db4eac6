import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { ManualClock } from './manual-clock';
import { cpuMs } from './process-cpu';
import { printFigures } from './report';

/**
 * What analysis costs the engine: two engines in one process, one with analysis off and one
 * scoring every series, fed the same 10,000 series at 10 s (a random walk each, as CPU or
 * latency wander) and driven tick by tick, interleaved so load on the machine falls on both
 * alike. CPU time of each engine's work (appends, scoring, the tick's write, maintenance with
 * rollups and the state saves) per second of simulated time is its share of a core.
 */
const SERIES = 10_000;
const STEP_MS = 10_000;
/** Past the detector's learning (100 samples), so scores are written as in steady state. */
const WARM_UP_TICKS = 110;
/** 30 simulated minutes: three of the 10-minute state saves fall inside. */
const MEASURED_TICKS = 180;
const T0 = Date.UTC(2026, 10, 22, 0, 0, 0);

function workspace(analysis: string): string {
  return `version: 1\nmachine: false\nanalysis:\n${analysis}`;
}

interface Side {
  engine: Engine;
  clock: ManualClock;
  ids: number[];
  cpu: number;
  dir: string;
}

function side(analysis: string): Side {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-analysis-cost-'));
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, workspace(analysis));
  const clock = new ManualClock(T0);
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath: file, shell: 'cli', logger: silentLogger, processEnv: {}, clock });
  const ids = Array.from({ length: SERIES }, (_, i) => engine.series.index.idOf(`bench_metric_${i % 100}`, { instance: `i${Math.floor(i / 100)}` }));
  return { engine, clock, ids, cpu: 0, dir };
}

export async function run(): Promise<void> {
  const off = side('  anomalies: { enabled: false }\n  forecasts: []\n');
  const on = side('  anomalies: { select: [\'{__name__=~"bench_metric_.*"}\'], max_series: 10000 }\n  forecasts: []\n');
  const levels = Float64Array.from({ length: SERIES }, () => 20 + Math.random() * 60);
  const step = async (target: Side, now: number, measured: boolean): Promise<void> => {
    target.clock.set(now);
    const started = cpuMs();
    target.ids.forEach((id, i) => target.engine.series.writer.append(id, now, levels[i] as number));
    target.engine.tick();
    if ((now - T0) % 60_000 === 0) await target.engine.maintain();
    if (measured) target.cpu += cpuMs() - started;
  };
  let now = T0;
  for (let tick = -WARM_UP_TICKS; tick < MEASURED_TICKS; tick++) {
    now += STEP_MS;
    for (let i = 0; i < SERIES; i++) levels[i] = Math.max(0, (levels[i] as number) + (Math.random() - 0.5) * 2);
    // Alternate which engine goes first, so neither always runs on a warmer cache.
    const order = tick % 2 === 0 ? [off, on] : [on, off];
    for (const target of order) await step(target, now, tick >= 0);
  }
  const scored = on.engine.analysis.list().scoredSeries;
  const scores = on.engine.series.index.select('anomaly_score').length;
  // What incidents hold: bounded per incident (first movers and strongest), the rest counted.
  const incidents = on.engine.analysis.list().incidents;
  const largest = incidents.reduce((most, incident) => Math.max(most, incident.series.length + incident.moreSeries), 0);
  const held = incidents.reduce((most, incident) => Math.max(most, incident.series.length), 0);
  for (const target of [off, on]) {
    await target.engine.stop();
    fs.rmSync(target.dir, { recursive: true, force: true });
  }
  const seconds = (MEASURED_TICKS * STEP_MS) / 1000;
  const share = (target: Side): number => (100 * target.cpu) / 1000 / seconds;
  printFigures(
    `Analysis cost in the engine: ${SERIES.toLocaleString('en-US')} series at ${STEP_MS / 1000} s, ${seconds / 60} simulated minutes after ${WARM_UP_TICKS} ticks of warm-up (${scored.toLocaleString('en-US')} series scored, ${scores.toLocaleString('en-US')} anomaly_score series written; ${incidents.length} incidents of 2+ series, the largest of ${largest.toLocaleString('en-US')} series, at most ${held} held by one)`,
    [
      { name: 'engine, analysis off (same run)', value: share(off), unit: '% of a core' },
      { name: 'engine, analysis on', value: share(on), unit: '% of a core' },
      { name: 'analysis on − off', value: share(on) - share(off), unit: '% of a core', target: { op: '<=', value: 5 } },
    ],
  );
}
