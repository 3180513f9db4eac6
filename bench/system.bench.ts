import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { machineSamples } from '../src/core/monitoring/kinds/system-probe';
import { LinuxMachineReader } from '../src/core/monitoring/machine/linux-machine';
import { ProbeSeries } from '../src/core/monitoring/probe-series';
import { openDatabase } from '../src/core/store/database';
import { SeriesStore } from '../src/core/store/series-store';
import { cpuMs } from './process-cpu';
import { printFigures } from './report';

/**
 * Machine metrics: the CPU one collection costs (read /proc and statfs, turn them into
 * samples, append them to the store), measured two ways: back to back, and inside a running
 * engine collecting every second for BENCH_SYSTEM_SECONDS (60) after a warm-up: each collection's
 * own CPU (process.cpuUsage around it), and the whole process's share of a core.
 */
const COLLECTIONS = 2_000;
const SECONDS = Number(process.env.BENCH_SYSTEM_SECONDS ?? 60);
/** The first seconds of a process are JIT and GC settling, not steady work. */
const WARMUP_SECONDS = 20;

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-system-'));
  try {
    const db = openDatabase(path.join(dir, 'tight.db'));
    const store = new SeriesStore(db);
    const series = new ProbeSeries(store.index, { host: os.hostname() });
    const reader = new LinuxMachineReader();
    let samples = 0;
    const collect = (): void => {
      const ts = Date.now();
      for (const sample of machineSamples(reader.readNow())) {
        store.writer.append(series.id(sample.name, sample.labels), ts, sample.value);
        samples++;
      }
    };
    for (let i = 0; i < 50; i++) collect();
    store.writer.flush();
    samples = 0;
    const before = cpuMs();
    for (let i = 0; i < COLLECTIONS; i++) {
      collect();
      if (i % 100 === 99) store.writer.flush();
    }
    const tight = (cpuMs() - before) / COLLECTIONS;
    db.close();

    // A whole engine with only the machine probe, at 1 s.
    const file = path.join(dir, 'zervigo.yaml');
    fs.writeFileSync(file, 'version: 1\nmachine: { every: 1s }\n');
    const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath: file, shell: 'server', logger: silentLogger });
    const probe = engine.monitoring.probe('machine');
    if (probe === undefined) throw new Error('no machine probe');
    const original = probe.run;
    let measuring = false;
    const perCollection: number[] = [];
    probe.run = async (signal) => {
      const started = process.cpuUsage();
      const result = await original(signal);
      const used = process.cpuUsage(started);
      if (measuring) perCollection.push((used.user + used.system) / 1000);
      return result;
    };
    await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
    measuring = true;
    const engineBefore = cpuMs();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const engineCpu = cpuMs() - engineBefore;
    measuring = false;
    await engine.stop();
    const seenCollections = perCollection.length;
    perCollection.sort((a, b) => a - b);

    printFigures(
      `System metrics (load average before: ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')})`,
      [
        {
          name: `one collection, back to back (${Math.round(samples / COLLECTIONS)} samples each)`,
          value: tight,
          unit: 'ms CPU',
          target: { op: '<=', value: 1 },
        },
        {
          name: `in a running engine at 1 s (${seenCollections} collections): median per collection`,
          value: perCollection[Math.floor(seenCollections / 2)] ?? Number.NaN,
          unit: 'ms CPU',
          target: { op: '<=', value: 1 },
        },
        { name: '  whole engine process (ticks, writes, timers) per second', value: engineCpu / SECONDS, unit: 'ms CPU' },
        { name: '  as a share of one core', value: (engineCpu / (SECONDS * 1000)) * 100, unit: '%' },
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
