import childProcess, { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { PluginHost } from '../src/core/plugins/plugin-host';
import { PluginStore } from '../src/core/plugins/plugin-store';
import { TurnBudget } from '../src/core/plugins/turn-budget';
import { signalChild } from '../src/core/process/signal-child';
import { ZERVIGO_VERSION } from '../src/core/version';
import { sleep } from './bench-engine';
import { blockedCpuMs, watchLoopBlocks, type LoopBlock } from './loop-blocks';
import { cpuMs } from './process-cpu';
import { percentile, printFigures } from './report';

/**
 * `npm run bench plugins`. (a) What running a probe kind in a plugin's process adds: 1,000 TCP
 * probes at 1 s (1,000 checks/s) against a listener in a process of its own, first with the
 * built-in `tcp` kind (in-process, the baseline), then with a plugin's `tcpping` kind doing the
 * same connect in the plugin's process; CPU per check counts the engine and the plugin process.
 * (b) Crash recovery: 250 built-in TCP probes and 250 plugin probes at 1 s (500 checks/s), with a
 * plugin that exits 10 s after each start, beside the same plugin that does not crash: how long
 * each recovery takes, the plugin checks lost, and the built-in probes' lateness either way; beside
 * them the same outage from built-in probes, and the crashing plugin with its bursts settled at
 * once (as before TurnBudget). Lateness is wall time and swings with the machine's load, so each
 * run also counts the event loop's blocked CPU (loop-blocks.ts), which waiting for a core does not
 * inflate (it still varies between runs); `--rounds N` repeats the four runs interleaved to show
 * the noise.
 */
const SECONDS_A = Number(process.env.BENCH_PLUGINS_SECONDS ?? 15);
const SECONDS_B = Number(process.env.BENCH_PLUGINS_CRASH_SECONDS ?? 25);
const WARMUP_MS = 3_000;
const SERVICES = 50;

const tcppingMain = (crashAfterMs: number | null): string => `const net = require('node:net');
${crashAfterMs === null ? '' : `setTimeout(() => process.exit(1), ${crashAfterMs});`}
module.exports = { probes: { tcpping: { check(options) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.once('connect', () => { socket.destroy(); resolve({ ok: true }); });
    socket.once('error', (error) => resolve({ ok: false, reason: 'tcpping: ' + error.code }));
  });
} } } };
`;

function writePlugin(dir: string, crashAfterMs: number | null): string {
  const folder = path.join(dir, crashAfterMs === null ? 'tcpping' : 'tcpping-crashy');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({
      name: 'zervigo-plugin-tcpping',
      version: '1.0.0',
      main: 'index.js',
      engines: { zervigo: '>=0.1.0' },
      zervigo: {
        id: 'tcpping',
        contributes: {
          probes: { tcpping: { options: { type: 'object', required: ['host', 'port'], properties: { host: { type: 'string' }, port: { type: 'integer' } } } } },
        },
        capabilities: { network: ['127.0.0.1'] },
      },
    }),
  );
  fs.writeFileSync(path.join(folder, 'index.js'), tcppingMain(crashAfterMs));
  return folder;
}

/** A listener that accepts and closes, in a child process so its CPU is not counted. */
async function startListener(onPort = 0): Promise<{ child: ChildProcess; port: number }> {
  const script = `require('node:net').createServer((s) => s.end()).listen(${onPort}, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', () => reject(new Error('the listener exited')));
  });
  return { child, port };
}

/** user + system CPU of another process, in ms, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0; // gone: its CPU up to the last read was counted
  }
}

interface Probes {
  builtin: number;
  plugin: number;
  /** Built-in TCP probes of a second listener that goes away for a while every 10 s: the same outage without a plugin. */
  flapping?: { count: number; port: number };
}

function workspace(port: number, probes: Probes): string {
  let yaml = 'version: 1\nmachine: false\nmonitoring: { concurrency: 512 }\nservices:\n';
  for (let s = 0; s < SERVICES; s++) {
    yaml += `  svc${s}:\n    probes:\n`;
    for (let p = s; p < probes.builtin; p += SERVICES) yaml += `      - { name: b${p}, tcp: "127.0.0.1:${port}", every: 1s, timeout: 900ms }\n`;
    for (let p = s; p < probes.plugin; p += SERVICES)
      yaml += `      - { name: p${p}, tcpping: { host: 127.0.0.1, port: ${port} }, every: 1s, timeout: 900ms, retries: 0 }\n`;
    // Named like the plugin's probes: they stand in for them.
    for (let p = s; p < (probes.flapping?.count ?? 0); p += SERVICES)
      yaml += `      - { name: p${p}, tcp: "127.0.0.1:${probes.flapping!.port}", every: 1s, timeout: 900ms, retries: 0 }\n`;
  }
  return yaml;
}

interface Measured {
  seconds: number;
  checks: { builtin: number; plugin: number; pluginFailed: number; pluginPassed: number };
  engineCpuMs: number;
  pluginCpuMs: number;
  durationMs: number[];
  latenessBuiltin: number[];
  /** Per crash: down to ready, and down to the first passing plugin check. */
  recoveries: { readyMs: number; passingMs: number | null }[];
  crashes: number;
  /** Built-in checks over 100 ms late, by whole seconds since the last crash (index 0: within a second). */
  lateBySecondAfterCrash: number[];
  /** The built-in probes' worst lateness in the 500 ms after each crash, and from each restart's spawn until its probes have all passed again (ready + 1.2 s). */
  worstNear: { crash: number; restart: number };
  /** performance.now() when measuring began and ended. */
  window: { from: number; to: number };
  /** The event loop's long turns while measuring (CPU, not wall). */
  blocks: LoopBlock[];
  /** When the plugin went down and became ready again (performance.now()). */
  events: { down: number[]; ready: number[] };
  /** Per crash: calls pending when the process went; per restart: checks that waited for it to be ready. */
  bursts: { failed: number[]; released: number[] };
  /** Each fork of a plugin process from the engine's: how long it held the loop (wall) and the CPU it took. */
  forks: { wallMs: number; cpuMs: number }[];
}

/** One engine on a fresh data folder, the plugin installed and trusted there first (as `plugins install --yes` leaves it). */
async function measure(port: number, probes: Probes, seconds: number, pluginFolder: string | null): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-plugins-'));
  const dataDir = path.join(dir, 'data');
  if (pluginFolder !== null) {
    const store = new PluginStore(dataDir, ZERVIGO_VERSION, Date.now);
    const installed = await store.install(pluginFolder);
    store.setEnabled('tcpping', true, installed.manifest.capabilities);
  }
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, workspace(port, probes));
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  const result: Measured = {
    seconds,
    checks: { builtin: 0, plugin: 0, pluginFailed: 0, pluginPassed: 0 },
    engineCpuMs: 0,
    pluginCpuMs: 0,
    durationMs: [],
    latenessBuiltin: [],
    recoveries: [],
    crashes: 0,
    worstNear: { crash: 0, restart: 0 },
    lateBySecondAfterCrash: [],
    blocks: [],
    forks: [],
    window: { from: 0, to: 0 },
    events: { down: [], ready: [] },
    bursts: { failed: [], released: [] },
  };
  const lateAt: [number, number][] = [];
  const windows: { kind: 'crash' | 'restart'; from: number; to: number }[] = [];
  let spawnAt: number | null = null;
  let measuring = false;
  let downAt: number | null = null;
  let waitingForPass: { downAt: number; index: number } | null = null;
  const isPlugin = (id: string): boolean => /\/p\d+$/.test(id);
  engine.monitoring.scheduler.onResult((probe, outcome, state) => {
    if (!measuring) return;
    if (state.lastDurationMs !== null) result.durationMs.push(state.lastDurationMs);
    if (!isPlugin(probe.id)) return void result.checks.builtin++;
    result.checks.plugin++;
    if (!outcome.ok) return void result.checks.pluginFailed++;
    result.checks.pluginPassed++;
    if (waitingForPass !== null) {
      result.recoveries[waitingForPass.index]!.passingMs = performance.now() - waitingForPass.downAt;
      waitingForPass = null;
    }
  });
  engine.monitoring.scheduler.onLateness((lateMs, probe) => {
    if (!measuring || isPlugin(probe.id)) return;
    result.latenessBuiltin.push(lateMs);
    lateAt.push([performance.now(), lateMs]);
  });
  // The host's state changes, as the console hears them.
  let pluginPid: number | null = null;
  let pluginCpuBefore = 0;
  engine.bus.on('plugins.changed', (views) => {
    const view = views.find((candidate) => candidate.id === 'tcpping');
    if (view === undefined) return;
    // A new process after a crash: the sampler keeps what the old one used.
    if (view.pid !== null) pluginPid = view.pid;
    if (!measuring) return;
    if (view.state === 'down' && downAt === null) {
      downAt = performance.now();
      windows.push({ kind: 'crash', from: downAt, to: downAt + 500 });
      result.events.down.push(downAt);
      result.crashes++;
    }
    if (view.state === 'starting' && downAt !== null) spawnAt = performance.now();
    if (view.state === 'ready' && downAt !== null) {
      // Every plugin probe passes again within one interval (1 s) of the plugin being ready.
      windows.push({ kind: 'restart', from: spawnAt ?? downAt, to: performance.now() + 1_200 });
      result.events.ready.push(performance.now());
      result.recoveries.push({ readyMs: performance.now() - downAt, passingMs: null });
      waitingForPass = { downAt, index: result.recoveries.length - 1 };
      downAt = null;
    }
  });
  // Sample the plugin's CPU while it lives (a crashed process's /proc entry goes with it).
  const lastSeenCpu = new Map<number, number>();
  const sampler = setInterval(() => {
    if (measuring && pluginPid !== null) lastSeenCpu.set(pluginPid, processCpuMs(pluginPid));
  }, 200);
  // uv_spawn returns once the child has exec'd: the loop waits for the fork, and for a core for the child.
  const fork = childProcess.fork;
  childProcess.fork = ((...args: Parameters<typeof fork>) => {
    const wall = performance.now();
    const cpu = cpuMs();
    try {
      return fork(...args);
    } finally {
      if (measuring) result.forks.push({ wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu });
    }
  }) as typeof fork;
  // How many calls each crash fails at once and each restart releases at once (private to the host: read here only).
  type HostInside = { pending: Map<number, unknown>; readyWaiters: unknown[]; failed: (...args: unknown[]) => void; onReady: (...args: unknown[]) => void };
  const host = PluginHost.prototype as unknown as HostInside;
  const { failed, onReady } = host;
  host.failed = function (this: HostInside, ...args: unknown[]) {
    if (measuring) result.bursts.failed.push(this.pending.size);
    return failed.apply(this, args);
  };
  host.onReady = function (this: HostInside, ...args: unknown[]) {
    if (measuring) result.bursts.released.push(this.readyWaiters.length);
    return onReady.apply(this, args);
  };
  let loop: ReturnType<typeof watchLoopBlocks> | null = null;
  try {
    await sleep(WARMUP_MS);
    loop = watchLoopBlocks();
    measuring = true;
    result.window.from = performance.now();
    const engineBefore = cpuMs();
    pluginCpuBefore = processCpuMs(pluginPid);
    const startPid = pluginPid;
    await sleep(seconds * 1000);
    result.engineCpuMs = cpuMs() - engineBefore;
    result.window.to = performance.now();
    loop.stop();
    result.blocks = loop.blocks;
    // Every plugin process seen during the window: the last reading of each, the first less what it had used before.
    const seen = new Map(lastSeenCpu);
    if (pluginPid !== null) seen.set(pluginPid, processCpuMs(pluginPid));
    result.pluginCpuMs = [...seen.entries()].reduce((sum, [pid, used]) => sum + used - (pid === startPid ? pluginCpuBefore : 0), 0);
    measuring = false;
    for (const window of windows) {
      const worst = Math.max(0, ...lateAt.filter(([at]) => at >= window.from && at <= window.to).map(([, late]) => late));
      result.worstNear[window.kind] = Math.max(result.worstNear[window.kind], worst);
    }
    const crashTimes = windows.filter((window) => window.kind === 'crash').map((window) => window.from);
    for (const [at, late] of lateAt) {
      const lastCrash = crashTimes.filter((time) => time <= at).at(-1);
      if (late <= 100 || lastCrash === undefined) continue;
      const second = Math.floor((at - lastCrash) / 1000);
      result.lateBySecondAfterCrash[second] = (result.lateBySecondAfterCrash[second] ?? 0) + 1;
    }
  } finally {
    loop?.stop();
    childProcess.fork = fork;
    host.failed = failed;
    host.onReady = onReady;
    clearInterval(sampler);
    await engine.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/**
 * Runs `body` with a second listener that goes away for 1.3 s (about a plugin's recovery) every
 * 10 s and comes back on the same port.
 */
async function withFlappingListener<T>(body: (port: number) => Promise<T>, kills: number[]): Promise<T> {
  let listener = await startListener();
  const port = listener.port;
  let stopped = false;
  const flapper = (async () => {
    while (!stopped) {
      await sleep(10_000);
      if (stopped) break;
      signalChild(listener.child, 'SIGKILL');
      kills.push(performance.now());
      await sleep(1_300);
      if (!stopped) listener = await startListener(port);
    }
  })();
  try {
    return await body(port);
  } finally {
    stopped = true;
    signalChild(listener.child, 'SIGKILL');
    await flapper.catch(() => undefined);
  }
}

const perCheck = (m: Measured): number => (m.engineCpuMs + m.pluginCpuMs) / (m.checks.builtin + m.checks.plugin);

/** `-- --only crash` (or `cost`) runs one half; `--rounds N` repeats the crash half's runs (default 1). */
export async function run(args: string[] = []): Promise<void> {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
  const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-plugin-src-'));
  const listener = await startListener();
  try {
    const load = os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
    const steady = writePlugin(dir, null);
    const crashy = writePlugin(dir, 10_000);

    if (only !== 'crash') await costHalf(listener.port, steady, load);
    if (only !== 'cost') await crashHalf(listener.port, steady, crashy, rounds);
  } finally {
    signalChild(listener.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function costHalf(port: number, steady: string, load: string): Promise<void> {
  const inProcess = await measure(port, { builtin: 1_000, plugin: 0 }, SECONDS_A, null);
  const outOfProcess = await measure(port, { builtin: 0, plugin: 1_000 }, SECONDS_A, steady);
  printFigures(
    `Plugins (a): 1,000 TCP probes at 1 s, built-in tcp kind vs a plugin's tcpping kind, ${SECONDS_A} s each (${os.cpus().length} cores, load average before: ${load})`,
    [
      { name: 'in-process (built-in tcp): checks', value: inProcess.checks.builtin, unit: `(${(inProcess.checks.builtin / SECONDS_A).toFixed(0)}/s)` },
      { name: '  CPU per check (engine)', value: perCheck(inProcess), unit: 'ms' },
      { name: '  latency per check p50 / p99', value: percentile(inProcess.durationMs, 50), unit: `/ ${percentile(inProcess.durationMs, 99)} ms` },
      {
        name: 'out-of-process (plugin tcpping): checks',
        value: outOfProcess.checks.plugin,
        unit: `(${(outOfProcess.checks.plugin / SECONDS_A).toFixed(0)}/s, ${outOfProcess.checks.pluginFailed} failed)`,
      },
      {
        name: '  CPU per check (engine + plugin process)',
        value: perCheck(outOfProcess),
        unit: `ms (engine ${(outOfProcess.engineCpuMs / outOfProcess.checks.plugin).toFixed(3)} + plugin ${(outOfProcess.pluginCpuMs / outOfProcess.checks.plugin).toFixed(3)})`,
      },
      { name: '  latency per check p50 / p99', value: percentile(outOfProcess.durationMs, 50), unit: `/ ${percentile(outOfProcess.durationMs, 99)} ms` },
      {
        name: 'CPU added per check by the plugin process',
        value: perCheck(outOfProcess) - perCheck(inProcess),
        unit: 'ms',
        target: { op: '<=', value: 0.1 },
      },
      { name: 'latency added per check, p50', value: percentile(outOfProcess.durationMs, 50) - percentile(inProcess.durationMs, 50), unit: 'ms' },
    ],
  );
}

/** The build before TurnBudget: the calls failed at a crash and the checks released at a restart all settled in one turn. */
async function allSettledAtOnce<T>(body: () => Promise<T>): Promise<T> {
  const budget = TurnBudget.prototype as unknown as { run: (this: TurnBudget, callback: () => void) => void };
  const spread = budget.run;
  budget.run = (callback) => callback();
  try {
    return await body();
  } finally {
    budget.run = spread;
  }
}

interface Round {
  load: number;
  calm: Measured;
  crashing: Measured;
  /** The same crashing plugin, every burst settled at once (before this change). */
  atOnce: Measured;
  flapping: Measured;
  /** Built-in outages (the flapping listener killed) while the flapping run measured. */
  outages: number;
}

const p99 = (m: Measured): number => percentile(m.latenessBuiltin, 99);
/** The middle value; the mean of the two middle ones for an even count (two rounds give their mean, not the lower). */
const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const list = (values: number[], digits = 0): string => values.map((value) => value.toFixed(digits)).join(', ');
/** Blocked CPU a crash (or outage) added, against the calm run of the same round. */
const blockedPer = (m: Measured, calm: Measured, events: number): number => (blockedCpuMs(m.blocks) - blockedCpuMs(calm.blocks)) / Math.max(1, events);
/** For each event, the biggest loop turn (CPU) from 50 ms before it (the turn it came in began earlier) to 300 ms after. */
const turnsNear = (m: Measured, events: number[]): number[] =>
  events.map((at) => Math.max(0, ...m.blocks.filter((block) => block.at >= at - 50 && block.at < at + 300).map((block) => block.cpuMs)));
const biggestBlock = (m: Measured): number => Math.max(0, ...m.blocks.map((block) => block.cpuMs));

/** Odd rounds run the two crashing cases the other way round, so neither always comes second. */
async function crashRound(port: number, steady: string, crashy: string, round: number): Promise<Round> {
  const load = os.loadavg()[0] as number;
  const calm = await measure(port, { builtin: 250, plugin: 250 }, SECONDS_B, steady);
  const spread = (): Promise<Measured> => measure(port, { builtin: 250, plugin: 250 }, SECONDS_B, crashy);
  const together = (): Promise<Measured> => allSettledAtOnce(() => measure(port, { builtin: 250, plugin: 250 }, SECONDS_B, crashy));
  let crashing: Measured;
  let atOnce: Measured;
  if (round % 2 === 0) {
    crashing = await spread();
    atOnce = await together();
  } else {
    atOnce = await together();
    crashing = await spread();
  }
  const kills: number[] = [];
  const flapping = await withFlappingListener(
    (flapPort) => measure(port, { builtin: 250, plugin: 0, flapping: { count: 250, port: flapPort } }, SECONDS_B, null),
    kills,
  );
  const outages = kills.filter((at) => at >= flapping.window.from && at < flapping.window.to).length;
  return { load: (load + (os.loadavg()[0] as number)) / 2, calm, crashing, atOnce, flapping, outages };
}

async function crashHalf(port: number, steady: string, crashy: string, rounds: number): Promise<void> {
  const all: Round[] = [];
  for (let round = 0; round < rounds; round++) all.push(await crashRound(port, steady, crashy, round));
  const crashingRuns = all.map((round) => round.crashing);
  const readies = crashingRuns.flatMap((m) => m.recoveries.map((recovery) => recovery.readyMs));
  const passing = crashingRuns.flatMap((m) => m.recoveries.map((recovery) => recovery.passingMs)).filter((ms) => ms !== null);
  const sum = (pick: (round: Round) => number): number => all.reduce((total, round) => total + pick(round), 0);
  const forks = crashingRuns.flatMap((m) => m.forks).concat(all.flatMap((round) => round.atOnce.forks));
  const first = all[0]!;
  printFigures(
    `Plugins (b): 250 built-in + 250 plugin TCP probes at 1 s (500 checks/s), ${SECONDS_B} s a run, a plugin exiting 10 s after each start; ${rounds} round(s) of 4 runs interleaved, the two crashing ones in turn first (load average ${list(
      all.map((round) => round.load),
      1,
    )} on ${os.cpus().length} cores)`,
    [
      { name: 'crashes measured', value: sum((round) => round.crashing.crashes), unit: `(recovered ${readies.length})` },
      { name: 'time to recover: down to running again, median', value: median(readies), unit: `ms (each: ${list(readies)}; back-off doubles)` },
      { name: '  down to the first passing check, median', value: median(passing), unit: `ms (each: ${list(passing)})` },
      {
        name: 'plugin checks lost (failed) with crashes',
        value: sum((round) => round.crashing.checks.pluginFailed),
        unit: `of ${sum((round) => round.crashing.checks.plugin)}; without crashes ${sum((round) => round.calm.checks.pluginFailed)} of ${sum((round) => round.calm.checks.plugin)}; the same outage from built-in probes (their target gone 1.3 s every 10 s) ${sum((round) => round.flapping.checks.pluginFailed)} of ${sum((round) => round.flapping.checks.plugin)}`,
      },
      {
        name: 'built-in probes lateness p99, each round: with crashes',
        value: p99(first.crashing),
        unit: `ms (${list(all.map((round) => p99(round.crashing)))}); without crashes ${list(all.map((round) => p99(round.calm)))}; crashes with every burst settled at once ${list(all.map((round) => p99(round.atOnce)))}; a built-in outage instead ${list(all.map((round) => p99(round.flapping)))} ms`,
      },
      {
        name: '  p50 with / without crashes',
        value: percentile(first.crashing.latenessBuiltin, 50),
        unit: `/ ${percentile(first.calm.latenessBuiltin, 50)} ms (first round)`,
      },
      {
        name: '  built-in checks > 100 ms late, by seconds after the last crash',
        value: first.crashing.latenessBuiltin.filter((late) => late > 100).length,
        unit: `in all (first round): ${Array.from(first.crashing.lateBySecondAfterCrash, (count, second) => `${second}s ${count ?? 0}`).join(', ')}`,
      },
      {
        name: '  worst in the 500 ms after a crash / from a restart until its probes pass again (+1.2 s)',
        value: first.crashing.worstNear.crash,
        unit: `/ ${first.crashing.worstNear.restart} ms (first round)`,
      },
      {
        name: 'event loop blocked (CPU in turns of >= 5 ms) per crash, against the calm run',
        value: median(all.map((round) => blockedPer(round.crashing, round.calm, round.crashing.crashes))),
        unit: `ms, median (each round: ${list(all.map((round) => blockedPer(round.crashing, round.calm, round.crashing.crashes)))}); every burst settled at once: ${list(
          all.map((round) => blockedPer(round.atOnce, round.calm, round.atOnce.crashes)),
        )}; per built-in outage of the same size: ${list(all.map((round) => blockedPer(round.flapping, round.calm, round.outages)))} ms`,
      },
      {
        name: 'biggest loop turn (CPU) from just before to 300 ms after a restart is ready, median: spread / at once',
        value: median(crashingRuns.flatMap((m) => turnsNear(m, m.events.ready))),
        unit: `/ ${median(all.flatMap((round) => turnsNear(round.atOnce, round.atOnce.events.ready))).toFixed(1)} ms (each: ${list(crashingRuns.flatMap((m) => turnsNear(m, m.events.ready)))} / ${list(all.flatMap((round) => turnsNear(round.atOnce, round.atOnce.events.ready)))}); checks waiting for it, each: ${list(crashingRuns.flatMap((m) => m.bursts.released))} / ${list(all.flatMap((round) => round.atOnce.bursts.released))}`,
      },
      {
        name: '  … after a crash, median: spread / at once',
        value: median(crashingRuns.flatMap((m) => turnsNear(m, m.events.down))),
        unit: `/ ${median(all.flatMap((round) => turnsNear(round.atOnce, round.atOnce.events.down))).toFixed(1)} ms (each: ${list(crashingRuns.flatMap((m) => turnsNear(m, m.events.down)))} / ${list(all.flatMap((round) => turnsNear(round.atOnce, round.atOnce.events.down)))}); calls pending at the crash, each: ${list(crashingRuns.flatMap((m) => m.bursts.failed))} / ${list(all.flatMap((round) => round.atOnce.bursts.failed))}`,
      },
      {
        name: '  blocked in all, calm / crashing / at once / built-in outage',
        value: blockedCpuMs(first.calm.blocks),
        unit: `/ ${blockedCpuMs(first.crashing.blocks).toFixed(0)} / ${blockedCpuMs(first.atOnce.blocks).toFixed(0)} / ${blockedCpuMs(first.flapping.blocks).toFixed(0)} ms in ${SECONDS_B} s (first round); biggest turn ${biggestBlock(first.calm).toFixed(0)} / ${biggestBlock(first.crashing).toFixed(0)} / ${biggestBlock(first.atOnce).toFixed(0)} / ${biggestBlock(first.flapping).toFixed(0)} ms`,
      },
      {
        name: '  fork of a plugin process from the engine: loop held (wall), median / max',
        value: median(forks.map((fork) => fork.wallMs)),
        unit: `/ ${Math.max(0, ...forks.map((fork) => fork.wallMs)).toFixed(1)} ms; its CPU median ${median(forks.map((fork) => fork.cpuMs)).toFixed(1)} ms (${forks.length} forks)`,
      },
      {
        name: '  p99 with crashes minus without, median of the rounds',
        value: median(all.map((round) => p99(round.crashing) - p99(round.calm))),
        unit: 'ms',
        target: { op: '<=', value: 5 },
      },
    ],
  );
}
