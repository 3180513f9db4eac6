import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signalChild } from '../../src/core/process/signal-child';
import { setFault, type FaultMode } from '../fixtures/rca/fault-control';
import { createRcaWorkspace, defaultTopology, faultServicePath } from '../fixtures/rca/rca-workspace';
import { builtinKinds } from '../../src/core/builtin-kinds';
import { parseWorkspace } from '../../src/core/config/parse-workspace';
import { freePort } from '../helpers/free-port';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/**
 * The root-cause benchmark measures what the engine makes of injected faults: each fault mode
 * must really produce its symptom on a real process, or the bench would measure nothing.
 */
interface Running {
  child: ChildProcess;
  port: number;
  controlFile: string;
  dataDir: string;
  lines: () => { level: string; msg: string }[];
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(
    started.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalChild(child, 'SIGKILL');
      await exited;
    }),
  );
});

async function startService(
  options: { env?: Record<string, string>; args?: string[]; fault?: FaultMode; calls?: Record<string, number> } = {},
): Promise<Running> {
  const dir = tempDir('fault-service-');
  const port = await freePort();
  const controlFile = path.join(dir, 'control.json');
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  if (options.fault !== undefined) setFault(controlFile, options.fault);
  const calls = Object.entries(options.calls ?? {})
    .map(([name, callPort]) => `${name}=${callPort}`)
    .join(',');
  const child = spawn(process.execPath, [faultServicePath, ...(options.args ?? [])], {
    env: { ...process.env, SERVICE_NAME: 'svc', PORT: String(port), CONTROL_FILE: controlFile, DATA_DIR: dataDir, CALLS: calls, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = (): { level: string; msg: string }[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string });
  return { child, port, controlFile, dataDir, lines, exited };
}

async function listening(service: Running): Promise<void> {
  await waitFor(() => service.lines().some((line) => line.msg.startsWith('listening')), { what: 'the service to listen' });
}

function get(port: number, route = '/work'): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: route, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/** CPU seconds the process has used (user + system, all its threads), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function residentBytes(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function cpuGrowsBy(pid: number, seconds: number): Promise<void> {
  const before = cpuSeconds(pid);
  await waitFor(() => cpuSeconds(pid) - before >= seconds, { timeoutMs: 20_000, intervalMs: 100, what: `${seconds} s of CPU` });
}

describe('fault-service', () => {
  it('answers, and calls its dependencies on every request', async () => {
    const dependency = await startService();
    await listening(dependency);
    const caller = await startService({ calls: { dep: dependency.port } });
    await listening(caller);
    expect(await get(caller.port)).toEqual({ status: 200, body: 'svc ok' });
    const metrics = await get(dependency.port, '/metrics');
    expect('body' in metrics && metrics.body).toMatch(/fault_service_requests_total 1\n/);
  });

  it('refuse: stops listening while the process runs, and callers fail with the reason in their log', async () => {
    const dependency = await startService();
    await listening(dependency);
    const caller = await startService({ calls: { db: dependency.port } });
    await listening(caller);
    setFault(dependency.controlFile, { mode: 'refuse' });
    await waitFor(async () => {
      const answer = await get(dependency.port);
      return 'error' in answer && answer.error === 'ECONNREFUSED';
    });
    expect(dependency.child.exitCode).toBeNull();
    const answer = await get(caller.port);
    expect(answer).toMatchObject({ status: 502 });
    expect(caller.lines().some((line) => line.level === 'error' && line.msg === 'upstream db failed: ECONNREFUSED')).toBe(true);
    setFault(dependency.controlFile, { mode: 'none' });
    await waitFor(async () => 'status' in (await get(dependency.port)));
  });

  it('crash: exits at once, and again at every start while the fault stays', async () => {
    const service = await startService();
    await listening(service);
    setFault(service.controlFile, { mode: 'crash' });
    expect(await service.exited).toBe(1);
    const again = await startService({ fault: { mode: 'crash' } });
    expect(await again.exited).toBe(1);
    expect(again.lines().some((line) => line.level === 'fatal')).toBe(true);
  });

  it('a start command with --strict and no STRICT_CONFIG refuses to start (a bad change)', async () => {
    const service = await startService({ args: ['--strict'] });
    expect(await service.exited).toBe(78);
  });

  it('cpu: uses CPU and slows its own answers; hog: uses CPU on other threads and still answers', async () => {
    const cpu = await startService();
    await listening(cpu);
    setFault(cpu.controlFile, { mode: 'cpu' });
    await cpuGrowsBy(cpu.child.pid as number, 1);
    const hog = await startService();
    await listening(hog);
    setFault(hog.controlFile, { mode: 'hog', threads: 2 });
    await cpuGrowsBy(hog.child.pid as number, 1);
    expect(await get(hog.port)).toMatchObject({ status: 200 });
  });

  it('leak: resident memory grows', async () => {
    const service = await startService();
    await listening(service);
    const before = residentBytes(service.child.pid as number);
    setFault(service.controlFile, { mode: 'leak', mbPerSecond: 100, maxMb: 200 });
    await waitFor(() => residentBytes(service.child.pid as number) - before > 150 * 1024 * 1024, {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'memory to grow',
    });
  });

  it('latency: every answer waits at least the added time', async () => {
    const service = await startService({ fault: { mode: 'latency', ms: 300 } });
    await listening(service);
    const began = performance.now();
    expect(await get(service.port)).toMatchObject({ status: 200 });
    expect(performance.now() - began).toBeGreaterThanOrEqual(290);
  });

  it('errors: logs a burst of error lines while it keeps answering', async () => {
    const service = await startService();
    await listening(service);
    setFault(service.controlFile, { mode: 'errors', perSecond: 100 });
    await waitFor(() => service.lines().filter((line) => line.level === 'error').length >= 50, { timeoutMs: 20_000, what: '50 error lines' });
    expect(await get(service.port)).toMatchObject({ status: 200 });
  });

  it('disk: fills its data folder, which the metrics report, and fails writes over its quota', async () => {
    const service = await startService();
    await listening(service);
    setFault(service.controlFile, { mode: 'disk', mbPerSecond: 20, quotaMb: 8, maxMb: 16 });
    await waitFor(
      async () => {
        const answer = await get(service.port);
        return 'status' in answer && answer.status === 507;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'a 507 over the quota' },
    );
    const metrics = await get(service.port, '/metrics');
    const bytes = Number(/fault_service_data_bytes (\d+)/.exec('body' in metrics ? metrics.body : '')?.[1]);
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
  });

  it('retries: a caller with RETRIES and a short timeout multiplies the calls a slow dependency gets', async () => {
    // The dependency answers far later than the caller waits, and the caller waits long enough for each
    // request to arrive even on a loaded machine (20 ms lost requests before they reached it at load 20).
    const dependency = await startService({ fault: { mode: 'latency', ms: 10_000 } });
    await listening(dependency);
    const caller = await startService({ calls: { api: dependency.port }, env: { RETRIES: '3', CALL_TIMEOUT_MS: '300' } });
    await listening(caller);
    expect(await get(caller.port)).toMatchObject({ status: 502 });
    await waitFor(async () => {
      const metrics = await get(dependency.port, '/metrics');
      return 'body' in metrics && /fault_service_requests_total 4\n/.test(metrics.body);
    });
  });

  it('hedging: a caller with HEDGE sends each call that many times at once and answers with the first', async () => {
    const dependency = await startService();
    await listening(dependency);
    const caller = await startService({ calls: { api: dependency.port }, env: { HEDGE: '5' } });
    await listening(caller);
    expect(await get(caller.port)).toMatchObject({ status: 200 });
    await waitFor(async () => {
      const metrics = await get(dependency.port, '/metrics');
      return 'body' in metrics && /fault_service_requests_total 5\n/.test(metrics.body);
    });
  });
});

describe('the root-cause workspace', () => {
  it('is a valid workspace with the topology, an undeclared dependency and every fault rule', async () => {
    const workspace = await createRcaWorkspace(tempDir('rca-workspace-'));
    const result = parseWorkspace(workspace.render({ api: { env: { RETRIES: '5' } } }), { kinds: builtinKinds, file: workspace.file, processEnv: {} });
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(workspace.topology.length).toBeGreaterThanOrEqual(8);
    const worker = defaultTopology.find((entry) => entry.name === 'worker');
    expect(worker?.calls.filter((name) => !worker.dependsOn.includes(name))).toEqual(['store']);
    expect(workspace.reachableFrom('gateway')).toEqual(new Set(['web', 'api', 'auth', 'cache', 'db']));
  });
});
