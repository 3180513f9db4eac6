import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { PluginStore } from '../src/core/plugins/plugin-store';
import { signalChild } from '../src/core/process/signal-child';
import { ZERVIGO_VERSION } from '../src/core/version';
import { sleep } from './bench-engine';
import { cpuMs } from './process-cpu';
import { percentile, printFigures } from './report';

/**
 * `npm run bench plugins`. (a) What running a probe kind in a plugin's process adds: 1,000 TCP
 * probes at 1 s (1,000 checks/s) against a listener in a process of its own, first with the
 * built-in `tcp` kind (in-process, the baseline), then with a plugin's `tcpping` kind doing the
 * same connect in the plugin's process; CPU per check counts the engine and the plugin process.
 * (b) Crash recovery: 250 built-in TCP probes and 250 plugin probes at 1 s (500 checks/s), with a
 * plugin that exits 10 s after each start, beside the same plugin that does not crash: how long
 * each recovery takes, the plugin checks lost, and the built-in probes' lateness either way.
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
      result.crashes++;
    }
    if (view.state === 'starting' && downAt !== null) spawnAt = performance.now();
    if (view.state === 'ready' && downAt !== null) {
      // Every plugin probe passes again within one interval (1 s) of the plugin being ready.
      windows.push({ kind: 'restart', from: spawnAt ?? downAt, to: performance.now() + 1_200 });
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
  try {
    await sleep(WARMUP_MS);
    measuring = true;
    const engineBefore = cpuMs();
    pluginCpuBefore = processCpuMs(pluginPid);
    const startPid = pluginPid;
    await sleep(seconds * 1000);
    result.engineCpuMs = cpuMs() - engineBefore;
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
async function withFlappingListener<T>(body: (port: number) => Promise<T>): Promise<T> {
  let listener = await startListener();
  const port = listener.port;
  let stopped = false;
  const flapper = (async () => {
    while (!stopped) {
      await sleep(10_000);
      if (stopped) break;
      signalChild(listener.child, 'SIGKILL');
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

/** `-- --only crash` (or `cost`) runs one half. */
export async function run(args: string[] = []): Promise<void> {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
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
    if (only !== 'cost') await crashHalf(listener.port, steady, crashy);
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

async function crashHalf(port: number, steady: string, crashy: string): Promise<void> {
  const calm = await measure(port, { builtin: 250, plugin: 250 }, SECONDS_B, steady);
  const crashing = await measure(port, { builtin: 250, plugin: 250 }, SECONDS_B, crashy);
  const flapping = await withFlappingListener((flapPort) =>
    measure(port, { builtin: 250, plugin: 0, flapping: { count: 250, port: flapPort } }, SECONDS_B, null),
  );
  const readies = crashing.recoveries.map((recovery) => recovery.readyMs);
  const passing = crashing.recoveries.map((recovery) => recovery.passingMs).filter((ms) => ms !== null);
  printFigures(`Plugins (b): 250 built-in + 250 plugin TCP probes at 1 s (500 checks/s), ${SECONDS_B} s, a plugin exiting 10 s after each start`, [
    { name: 'crashes in the window', value: crashing.crashes, unit: `(recovered ${crashing.recoveries.length})` },
    {
      name: 'time to recover: down to running again, each',
      value: readies[0] ?? Number.NaN,
      unit:
        readies.length > 1
          ? `ms, then ${readies
              .slice(1)
              .map((ms) => ms.toFixed(0))
              .join(', ')} ms (back-off doubles)`
          : 'ms',
    },
    {
      name: '  down to the first passing check, each',
      value: passing[0] ?? Number.NaN,
      unit:
        passing.length > 1
          ? `ms, then ${passing
              .slice(1)
              .map((ms) => ms.toFixed(0))
              .join(', ')} ms`
          : 'ms',
    },
    {
      name: 'plugin checks lost (failed) with crashes',
      value: crashing.checks.pluginFailed,
      unit: `of ${crashing.checks.plugin} (${((100 * crashing.checks.pluginFailed) / Math.max(1, crashing.checks.plugin)).toFixed(1)} %)`,
    },
    { name: '  without crashes, same run', value: calm.checks.pluginFailed, unit: `of ${calm.checks.plugin}` },
    {
      name: '  the same outage from built-in probes (their target gone 1.3 s every 10 s)',
      value: flapping.checks.pluginFailed,
      unit: `of ${flapping.checks.plugin}`,
    },
    { name: 'built-in probes: checks with crashes / without', value: crashing.checks.builtin, unit: `/ ${calm.checks.builtin}` },
    {
      name: 'built-in probes lateness p50 with crashes',
      value: percentile(crashing.latenessBuiltin, 50),
      unit: `ms (without: ${percentile(calm.latenessBuiltin, 50)} ms)`,
    },
    {
      name: 'built-in probes lateness p99 with crashes',
      value: percentile(crashing.latenessBuiltin, 99),
      unit: `ms (without: ${percentile(calm.latenessBuiltin, 99)} ms)`,
    },
    {
      name: '  built-in checks > 100 ms late, by seconds after the last crash',
      value: crashing.latenessBuiltin.filter((late) => late > 100).length,
      unit: `in all: ${Array.from(crashing.lateBySecondAfterCrash, (count, second) => `${second}s ${count ?? 0}`).join(', ')}`,
    },
    { name: '  p99 beside a built-in outage of the same size instead (same run)', value: percentile(flapping.latenessBuiltin, 99), unit: 'ms' },
    {
      name: '  worst in the 500 ms after a crash / from a restart until its probes pass again (+1.2 s)',
      value: crashing.worstNear.crash,
      unit: `/ ${crashing.worstNear.restart} ms`,
    },
    {
      name: '  p99 with crashes minus without',
      value: percentile(crashing.latenessBuiltin, 99) - percentile(calm.latenessBuiltin, 99),
      unit: 'ms',
      target: { op: '<=', value: 5 },
    },
  ]);
}
