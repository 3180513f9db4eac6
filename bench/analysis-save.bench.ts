import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { blockedCpuMs, watchLoopBlocks, type LoopBlock } from './loop-blocks';
import { ManualClock } from './manual-clock';
import { cpuMs } from './process-cpu';
import { printFigures, type Figure } from './report';

/**
 * What keeping analysis state costs the event loop: an engine scoring every one of 10,000 (then
 * 20,000) series, a random walk each at 10 s past the detector's learning, watched for long
 * turns of its event loop (loop-blocks.ts, in CPU so load does not inflate them) while it
 * (1) makes its periodic state save, (2) applies an edit of zervigo.yaml that does not touch
 * analysis and takes the tick after it, beside a plain tick (and the save a minute after a round)
 * measured just before, (3) stops.
 * `--series 10000,20000` picks the sizes.
 */
const STEP_MS = 10_000;
/**
 * Past the detector's learning (100 samples), with the engine's maintenance every minute as it
 * runs it (a state save at 10 minutes); the next save is due at 20 minutes, measured.
 */
const WARM_UP_TICKS = 120;
const T0 = Date.UTC(2026, 10, 22, 0, 0, 0);
/** A turn of the loop that used this much CPU without reaching its 1 ms timer counts as a block. */
const MIN_BLOCK_CPU_MS = 2;

const workspace = (series: number, extra = ''): string =>
  `version: 1\nmachine: false\nservices:\n  api: {}\n${extra}analysis:\n  anomalies: { select: ['{__name__=~"bench_metric_.*"}'], max_series: ${series} }\n  forecasts: []\n`;

interface Watched {
  longestCpuMs: number;
  blockedCpuMs: number;
  cpuMs: number;
  wallMs: number;
}

/** Runs `work` with the loop watched: its longest block, the CPU of all its blocks, its whole CPU and wall time. */
async function watched(work: () => unknown): Promise<Watched> {
  const watch = watchLoopBlocks(MIN_BLOCK_CPU_MS);
  // Let the watcher's timer run once before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const from = performance.now();
  const cpu = cpuMs();
  await work();
  const used = cpuMs() - cpu;
  const wall = performance.now() - from;
  // The block the work ended in is counted when the timer next runs.
  await new Promise((resolve) => setTimeout(resolve, 5));
  watch.stop();
  // A block is the work's when it ended after the work began (it starts at the timer's last run before).
  const blocks = watch.blocks.filter((block: LoopBlock) => block.at + block.wallMs > from);
  return { longestCpuMs: Math.max(0, ...blocks.map((block) => block.cpuMs)), blockedCpuMs: blockedCpuMs(blocks), cpuMs: used, wallMs: wall };
}

async function measure(series: number): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-analysis-save-'));
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, workspace(series));
  const clock = new ManualClock(T0);
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath: file, shell: 'cli', logger: silentLogger, processEnv: {}, clock });
  const ids = Array.from({ length: series }, (_, i) => engine.series.index.idOf(`bench_metric_${i % 100}`, { instance: `i${Math.floor(i / 100)}` }));
  const levels = Float64Array.from({ length: series }, () => 20 + Math.random() * 60);
  let now = T0;
  const tick = (): void => {
    now += STEP_MS;
    clock.set(now);
    for (let i = 0; i < series; i++) {
      levels[i] = Math.max(0, (levels[i] as number) + (Math.random() - 0.5) * 2);
      engine.series.writer.append(ids[i] as number, now, levels[i] as number);
    }
    engine.tick();
  };
  for (let i = 1; i <= WARM_UP_TICKS; i++) {
    tick();
    if ((now - T0) % 60_000 === 0 && i < WARM_UP_TICKS) await engine.maintain();
  }
  const scored = engine.analysis.list().scoredSeries;

  // (1) The periodic save, due: 10 minutes since the last.
  const save = await watched(() => engine.analysis.saveStates(now));
  // (2) A plain tick and the minute's save after it (not a round: the episodes that began or ended), then
  // an edit elsewhere in the file and the tick after it.
  const plain = await watched(tick);
  const minute = await watched(() => engine.analysis.saveStates(now));
  fs.writeFileSync(file, workspace(series, '  web: {}\n'));
  const edit = await watched(() => engine.workspace.reloadFromFile());
  if (engine.workspace.current().config.services.web === undefined) throw new Error('the edit did not load');
  const after = await watched(tick);
  // (3) Stop: everything is saved.
  const stop = await watched(() => engine.stop());
  fs.rmSync(dir, { recursive: true, force: true });

  const n = `${series.toLocaleString('en-US')} series (${scored.toLocaleString('en-US')} scored)`;
  return [
    { name: `${n}: periodic save, longest block`, value: save.longestCpuMs, unit: 'ms CPU' },
    { name: `${n}: periodic save, CPU of the round`, value: save.cpuMs, unit: 'ms' },
    { name: `${n}: periodic save, wall time of the round`, value: save.wallMs, unit: 'ms' },
    { name: `${n}: plain tick (appends + write), longest block`, value: plain.longestCpuMs, unit: 'ms CPU' },
    { name: `${n}: save between rounds, CPU`, value: minute.cpuMs, unit: 'ms' },
    { name: `${n}: unrelated edit applied, longest block`, value: edit.longestCpuMs, unit: 'ms CPU' },
    { name: `${n}: tick after the edit, longest block`, value: after.longestCpuMs, unit: 'ms CPU' },
    { name: `${n}: stop, longest block`, value: stop.longestCpuMs, unit: 'ms CPU' },
    { name: `${n}: stop, CPU`, value: stop.cpuMs, unit: 'ms' },
  ];
}

export async function run(args: string[] = []): Promise<void> {
  const flag = args.indexOf('--series');
  const sizes =
    flag >= 0
      ? String(args[flag + 1])
          .split(',')
          .map(Number)
      : [10_000, 20_000];
  const figures: Figure[] = [];
  for (const size of sizes) figures.push(...(await measure(size)));
  printFigures(
    `Analysis state kept: event-loop blocks (≥ ${MIN_BLOCK_CPU_MS} ms CPU without reaching a 1 ms timer), load ${os.loadavg()[0]?.toFixed(1)}`,
    figures,
  );
}
