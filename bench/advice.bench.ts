import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdviceBook } from '../src/core/analysis/advice/advice-book';
import { builtinKinds } from '../src/core/builtin-kinds';
import { parseWorkspace } from '../src/core/config/parse-workspace';
import { silentLogger } from '../src/core/logger';
import { openDatabase } from '../src/core/store/database';
import { SeriesStore } from '../src/core/store/series-store';
import { printFigures } from './report';

/**
 * `npm run bench advice`: what one advice round costs on a workspace of 100 services, each with
 * an http probe checked every 10 s and its memory sampled every 10 s, after 6 hours of samples
 * in the store (432,000). Baseline in the same run: reading those 6 hours of every series raw
 * once. The round runs every `analysis.advice_every` (5 min): its share of a core is round / 5 min.
 */
const SERVICES = 100;
const HOURS = 6;
const STEP_MS = 10_000;

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-advice-bench-'));
  try {
    let now = Date.UTC(2026, 10, 22, 0, 0, 0);
    const db = openDatabase(path.join(dir, 'zervigo.db'));
    const series = new SeriesStore(db, () => now);
    const services = Array.from({ length: SERVICES }, (_, i) => `svc${i}`);
    const yaml = `version: 1\nmachine: false\nservices:\n${services.map((name, i) => `  ${name}:\n    probes: [{ http: "http://127.0.0.1:${10_000 + i}/health", every: 10s }]\n`).join('')}`;
    const parsed = parseWorkspace(yaml, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
    if (!parsed.ok) throw new Error(parsed.issues[0]?.message);
    const ids = services.flatMap((service, i) => [
      series.index.idOf('probe_duration_seconds', { service, probe: 'http#0', instance: `127.0.0.1:${10_000 + i}` }),
      series.index.idOf('probe_success', { service, probe: 'http#0', instance: `127.0.0.1:${10_000 + i}` }),
      series.index.idOf('process_resident_memory_bytes', { service }),
    ]);
    const end = now + HOURS * 3_600_000;
    let lastMaintain = now;
    for (let i = 0; now < end; i++) {
      now += STEP_MS;
      for (let s = 0; s < ids.length; s += 3) {
        series.writer.append(ids[s] as number, now, 0.05 + 0.01 * Math.sin(i + s));
        series.writer.append(ids[s + 1] as number, now, 1);
        series.writer.append(ids[s + 2] as number, now, 100e6 + 20e6 * ((i % 60) / 60));
      }
      if (i % 6 === 0) series.writer.flush();
      if (now - lastMaintain >= 3_600_000) {
        await series.maintain(now);
        lastMaintain = now;
      }
    }
    series.writer.flush();

    const rawStart = performance.now();
    let samples = 0;
    for (const id of ids) samples += series.reader.readRaw(id, end - HOURS * 3_600_000, end).ts.length;
    const rawMs = performance.now() - rawStart;

    const book = new AdviceBook({ db, series, logger: silentLogger, listeningPorts: () => null });
    const rounds: number[] = [];
    for (let r = 0; r < 5; r++) {
      const started = performance.now();
      book.refresh(parsed.workspace.config, end);
      rounds.push(performance.now() - started);
    }
    rounds.sort((a, b) => a - b);
    const round = rounds[2] as number;
    printFigures(`Advice round over ${SERVICES} services, ${(samples / 1000).toFixed(0)}k samples in ${HOURS} h (median of 5)`, [
      { name: 'advice round', value: round, unit: 'ms' },
      { name: 'baseline: raw read of every series', value: rawMs, unit: 'ms' },
      { name: 'share of a core at advice_every 5m', value: (round / 300_000) * 100, unit: '%', target: { op: '<=', value: 1 } },
    ]);
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
