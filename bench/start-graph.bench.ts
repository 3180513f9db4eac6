import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEngine } from './bench-engine';
import { printFigures } from './report';

/**
 * Start-up of 50 services in a 5-level dependency graph; each becomes ready (listens on its port)
 * a random 0–500 ms after it starts, and readiness is its tcp probe. The total time of "start
 * all" against the critical path of those delays, the lower bound of any orchestrator.
 */
const LEVELS = 5;
const PER_LEVEL = 10;

/** A seeded generator, so every run draws the same graph and delays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export async function run(): Promise<void> {
  const next = random(42);
  // Below the ephemeral range (32768+), where the probes' own connections take their local ports.
  const basePort = 20_000 + (process.pid % 10_000);
  const services: { name: string; level: number; delayMs: number; dependsOn: string[]; port: number }[] = [];
  for (let level = 0; level < LEVELS; level++) {
    for (let i = 0; i < PER_LEVEL; i++) {
      const previous = services.filter((service) => service.level === level - 1);
      const count = level === 0 ? 0 : 1 + Math.floor(next() * 3);
      const dependsOn = [...new Set(Array.from({ length: count }, () => previous[Math.floor(next() * previous.length)]?.name as string))];
      services.push({ name: `s${level}${i}`, level, delayMs: Math.round(next() * 500), dependsOn, port: basePort + services.length });
    }
  }
  // The critical path: the longest chain of delays along the dependencies.
  const finish = new Map<string, number>();
  for (const service of services) finish.set(service.name, Math.max(0, ...service.dependsOn.map((name) => finish.get(name) ?? 0)) + service.delayMs);
  const lowerBound = Math.max(...finish.values());

  // perl starts in a few ms; each service notes when it listens, so its real time to readiness
  // (delay + its own start on this machine) gives a second, measured lower bound.
  const yaml = (listenLog: string) => `version: 1
services:
${services
  .map(
    (service) => `  ${service.name}:
    start: [perl, -MIO::Socket::INET, -MTime::HiRes, -e, 'select(undef, undef, undef, $ARGV[0]); my $listener = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[1], Listen => 5, ReuseAddr => 1) or die "$!"; open(my $log, ">>", $ARGV[2]); printf $log "%s %.3f\\n", $ARGV[3], Time::HiRes::time() * 1000; close($log); sleep 3600', "${service.delayMs / 1000}", "${service.port}", "${listenLog}", "${service.name}"]
    depends_on: [${service.dependsOn.join(', ')}]
    probes: [{ tcp: "127.0.0.1:${service.port}", every: 1s, retry_every: 50ms, timeout: 200ms }]
    autostart: false
    stop_grace: 1s`,
  )
  .join('\n')}
`;
  const listenLog = path.join(os.tmpdir(), `zervigo-bench-listen-${process.pid}.log`);
  const bench = benchEngine(yaml(listenLog));
  try {
    const started = performance.now();
    const result = await bench.engine.operate.manager.run('start', [], 'bench');
    const total = performance.now() - started;
    if (!result.ok) throw new Error(`not every service started: ${JSON.stringify(result.services.filter((step) => step.outcome !== 'ready').slice(0, 3))}`);
    // Measured: from the spawn Zervigo recorded to the moment the service itself listened.
    const listenedAt = new Map(
      fs
        .readFileSync(listenLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string])
        .map(([name, at]) => [name, Number(at)]),
    );
    const own = new Map(bench.engine.services.list().map((service) => [service.name, (listenedAt.get(service.name) ?? 0) - (service.runtime?.startedAt ?? 0)]));
    const measuredFinish = new Map<string, number>();
    for (const service of services)
      measuredFinish.set(service.name, Math.max(0, ...service.dependsOn.map((name) => measuredFinish.get(name) ?? 0)) + (own.get(service.name) ?? 0));
    const measuredBound = Math.max(...measuredFinish.values());
    if (process.env.BENCH_DEBUG) {
      const entries = bench.engine.operate.audit.list({ action: 'start', limit: 100 });
      const began = new Map(entries.map((entry) => [entry.target, entry.at]));
      const ready = new Map(entries.map((entry) => [entry.target, entry.at + (entry.durationMs ?? 0)]));
      const spawned = new Map(bench.engine.services.list().map((service) => [service.name, service.runtime?.startedAt ?? 0]));
      let gate = 0,
        detect = 0,
        spawn = 0;
      for (const service of services) {
        const depsReady = Math.max(0, ...service.dependsOn.map((name) => ready.get(name) ?? 0));
        if (service.dependsOn.length > 0) gate += (began.get(service.name) ?? 0) - depsReady;
        spawn += (spawned.get(service.name) ?? 0) - (began.get(service.name) ?? 0);
        detect += (ready.get(service.name) ?? 0) - (listenedAt.get(service.name) ?? 0);
      }
      process.stdout.write(
        `avg gate ${(gate / 40).toFixed(1)} ms, avg begin→spawned ${(spawn / 50).toFixed(1)} ms, avg listen→ready ${(detect / 50).toFixed(1)} ms\n`,
      );
    }
    printFigures(
      `Start-up: ${services.length} services, ${LEVELS} levels, ready after a random 0–500 ms (tcp probe every 1 s, retried every 50 ms until it passes)`,
      [
        { name: 'critical path of the drawn delays', value: lowerBound / 1000, unit: 's' },
        { name: "critical path of each service's measured time to listen", value: measuredBound / 1000, unit: 's' },
        { name: 'start all, until every service is ready', value: total / 1000, unit: 's' },
        { name: 'ratio total / measured critical path', value: total / measuredBound, unit: '', target: { op: '<=', value: 1.2 } },
        { name: 'ratio total / drawn critical path', value: total / lowerBound, unit: '', target: { op: '<=', value: 1.2 } },
        { name: 'orchestration overhead per level (vs measured)', value: (total - measuredBound) / LEVELS, unit: 'ms' },
      ],
    );
    await bench.engine.operate.manager.run('stop', [], 'bench');
  } finally {
    await bench.close();
    fs.rmSync(listenLog, { force: true });
  }
}
