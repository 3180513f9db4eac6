import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { percentile, printFigures } from './report';

/**
 * Heartbeat bars for a large workspace: 200 services with two probes each and 100 stored checks
 * per probe. `monitoring.heartbeats` (30 checks per service, as the Overview asks) the first time, when every probe's
 * checks are read back from the store, and afterwards, from memory — beside `probes.list` (all
 * 400 probe states, from memory) in the same run as the baseline for "a command answered from
 * memory". Both are timed with the JSON a transport makes of the answer.
 */
const SERVICES = 200;
const CHECKS = 100;
const ROUNDS = 200;

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-heartbeats-'));
  try {
    const services = Array.from(
      { length: SERVICES },
      (_, i) => `  svc${i}:\n    probes:\n      - { tcp: "127.0.0.1:9", every: 1h }\n      - { tcp: "127.0.0.1:9", every: 1h, name: second }\n`,
    ).join('');
    const file = path.join(dir, 'zervigo.yaml');
    fs.writeFileSync(file, `version: 1\nmachine: false\nservices:\n${services}`);
    const dataDir = path.join(dir, 'data');
    let engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, probeSpreadMs: 3_600_000 });
    // A history of checks per probe, as if they had run every 10 s (one in ten failed).
    const now = Date.now();
    for (const state of engine.monitoring.list()) {
      const probe = engine.monitoring.probe(state.id);
      if (probe === undefined) continue;
      for (let i = 0; i < CHECKS; i++) {
        const ts = now - (CHECKS - i) * 10_000;
        engine.series.writer.append(probe.series.id('probe_success'), ts, i % 10 === 9 ? 0 : 1);
        engine.series.writer.append(probe.series.id('probe_duration_seconds'), ts, 0.012);
      }
    }
    engine.series.writer.flush();
    await engine.stop();

    engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, probeSpreadMs: 3_600_000 });
    const context = { actor: 'bench', transport: 'internal' } as const;
    const time = async (name: string, input?: unknown): Promise<number> => {
      const started = performance.now();
      // As a transport answers it: the command, then its JSON.
      JSON.stringify(await engine.dispatch(name, input, context));
      return performance.now() - started;
    };
    const cold = await time('monitoring.heartbeats', { limit: 30 });
    const warm: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      warm.push(await time('monitoring.heartbeats', { limit: 30 }));
      baseline.push(await time('probes.list'));
    }
    const answer = (await engine.dispatch('monitoring.heartbeats', { limit: 30 }, context)) as { beats: unknown[] }[];
    const bytes = JSON.stringify(answer).length;
    await engine.stop();
    printFigures(
      `Heartbeats: ${SERVICES} services × 2 probes, ${CHECKS} stored checks each (load average before: ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')})`,
      [
        { name: 'first call, every probe read back from the store', value: cold, unit: 'ms' },
        {
          name: `later calls, from memory, + JSON: median (${answer.reduce((sum, entry) => sum + entry.beats.length, 0)} checks)`,
          value: percentile(warm, 50),
          unit: 'ms',
          target: { op: '<=', value: 20 },
        },
        { name: '… p99', value: percentile(warm, 99), unit: 'ms' },
        { name: '… the answer as JSON', value: bytes / 1024, unit: 'KB' },
        { name: 'probes.list (400 states, from memory) + JSON, same run: median', value: percentile(baseline, 50), unit: 'ms' },
        { name: 'ratio heartbeats / probes.list', value: percentile(warm, 50) / percentile(baseline, 50), unit: '' },
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
