import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { EnvVariable, ServiceEnvironment } from '../../../src/shared/types/service';
import type { ProbeState, ServiceHeartbeats, ServiceMonitoring } from '../../../src/shared/types/monitoring';
import type { AuditEntry, OperationResult } from '../../../src/shared/types/operate';
import { freePort } from '../../helpers/free-port';
import { startTarget } from '../../helpers/http-target';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { selfSignedCertificate } from '../../helpers/tls-certs';
import { waitFor } from '../../helpers/wait-for';
import { contextAs } from '../../helpers/principals';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0).reverse()) await engine.stop();
});

const context = contextAs('admin', 'browser');

function start(yaml: string, options: Partial<EngineOptions> = {}) {
  const dir = tempDir();
  const dataDir = options.dataDir ?? tempDir();
  const workspacePath = options.workspacePath ?? writeFile(dir, 'zervigo.yaml', yaml);
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, probeSpreadMs: 0, ...options });
  engines.push(engine);
  const call = async <T>(name: string, input?: unknown): Promise<T> => (await engine.dispatch(name, input, context)) as T;
  return { engine, call, dataDir, workspacePath };
}

/** Operation results, states and figures that say only what is true, on a real engine with real processes. */
describe('truthful results', () => {
  it('says a restart restarted what was asked for, and that the dependency was only waited for', async () => {
    const { call } = start(`version: 1
services:
  db: { start: [sleep, "60"], autostart: false }
  api: { start: [sleep, "60"], depends_on: [db], autostart: false }
`);
    const started = await call<OperationResult>('services.start', { services: [] });
    expect(started.summary).toBe('Started db and api');
    const restarted = await call<OperationResult>('services.restart', { services: ['api'] });
    expect(restarted.targets).toEqual(['api']);
    expect(restarted.summary).toBe('Restarted api; db was already running (waited for, not restarted)');
    const again = await call<OperationResult>('services.start', { services: ['api'] });
    expect(again.summary).toBe('api was already running; db was already running (waited for)');
    const stopped = await call<OperationResult>('services.stop', { services: [] });
    expect(stopped.summary).toBe('Stopped api and db');
  });

  it('does not claim a start for a service that was ready and crashed before the operation ended, even when it was restarted at once', async () => {
    const port = await freePort();
    const { call, engine } = start(`version: 1
services:
  steady:
    start: [node, -e, "setTimeout(() => require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1'), 3500)"]
    probes: [{ tcp: "127.0.0.1:${port}", every: 200ms, timeout: 200ms, retry_every: 100ms, retries: 50 }]
    autostart: false
  flaky:
    start: [sh, -c, "sleep 1.8; exit 1"]
    autostart: false
`);
    const result = await call<OperationResult>('services.start', { services: [] });
    const flaky = result.services.find((step) => step.service === 'flaky');
    // Ready after its first second without probes, then it exited. It had run fine (past
    // min_uptime), so it was restarted at once — still, the start did not last: not "started".
    expect(flaky?.outcome).toBe('failed');
    expect(flaky?.message).toMatch(/^was ready, then exited with code 1; restarted at once, (starting|running) again$/);
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^Started steady; flaky failed: was ready, then exited with code 1; restarted at once/);
    expect(engine.services.list().find((service) => service.name === 'flaky')?.runtime?.restarts).toBeGreaterThan(0);
  });

  it('does not check (or count) a service before it is first started, so availability starts with it', async () => {
    let serving = false;
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(serving ? 200 : 503).end() });
    const { call, engine } = start(`version: 1
services:
  api:
    start: [sleep, "60"]
    autostart: false
    probes: [{ http: "${target.url}/health", every: 500ms, timeout: 500ms }]
`);
    // Before its first start its probe waits, saying why; without that it would fail against the 503.
    const paused = await waitFor(
      async () => {
        const probe = (await call<ProbeState[]>('probes.list'))[0];
        return probe?.status === 'paused' || target.requests.length > 0 ? probe : undefined;
      },
      { what: 'the probe to be paused (or checked)' },
    );
    expect(target.requests).toHaveLength(0);
    expect(paused).toMatchObject({ status: 'paused', reason: 'the service is not running; checked again as soon as it starts', lastCheckAt: null });

    serving = true;
    await call<OperationResult>('services.start', { services: ['api'] });
    await waitFor(() => engine.services.list()[0]?.status === 'up', { what: 'api up' });
    await waitFor(() => target.requests.length >= 3, { timeoutMs: 10_000, what: 'a few checks' });
    engine.tick();
    const monitoring = await call<ServiceMonitoring[]>('monitoring.services');
    expect(monitoring[0]?.availability['24h']).toBe(1);
  });

  it('shows the failed checks of a service still booting on its bar, but does not count them against its availability', async () => {
    const port = await freePort();
    const { call, engine } = start(`version: 1
services:
  slow:
    start: [node, -e, "setTimeout(() => require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'), 700)"]
    autostart: false
    probes: [{ http: "http://127.0.0.1:${port}/", every: 2s, timeout: 1s, retries: 20, retry_every: 100ms }]
`);
    await call<OperationResult>('services.start', { services: ['slow'] });
    await waitFor(() => engine.services.list()[0]?.status === 'up', { timeoutMs: 10_000, what: 'slow up' });
    const beats = (await call<ServiceHeartbeats[]>('monitoring.heartbeats', { services: ['slow'] }))[0]?.beats ?? [];
    // The readiness checks happened and are shown…
    expect(beats.filter((beat) => beat.status === 'pending').length).toBeGreaterThan(0);
    expect(beats.at(-1)?.status).toBe('up');
    // …but the service was not down: they are not in probe_success.
    engine.tick();
    const monitoring = await call<ServiceMonitoring[]>('monitoring.services');
    expect(monitoring[0]?.availability['24h']).toBe(1);
  });

  it('writes CPU and memory of a running child as process_* series labelled service, unless a process probe does', async () => {
    const { call, engine } = start(
      `version: 1
services:
  worker: { start: [node, -e, "setInterval(() => {}, 1000)"] }
  watched:
    start: [node, -e, "setInterval(() => {}, 1000)"]
    probes: [{ process: self, every: 200ms }]
`,
      { operate: { statsEveryMs: 100 } },
    );
    const memory = await waitFor(
      async () => {
        engine.tick();
        const result = await call<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>('metrics.query', {
          query: 'process_resident_memory_bytes',
        });
        const byWorker = result.result.find((series) => series.metric.service === 'worker');
        const byProbe = result.result.find((series) => series.metric.service === 'watched');
        return byWorker !== undefined && byProbe !== undefined && byWorker.values.length > 0 ? result.result : undefined;
      },
      { timeoutMs: 10_000, what: 'memory series of both services' },
    );
    expect(memory.find((series) => series.metric.service === 'worker')?.metric).toEqual({ __name__: 'process_resident_memory_bytes', service: 'worker' });
    expect(Number(memory.find((series) => series.metric.service === 'worker')?.values.at(-1)?.[1])).toBeGreaterThan(1_000_000);
    // The probe's own series only: the supervisor does not write a second one for that service.
    expect(memory.filter((series) => series.metric.service === 'watched').map((series) => series.metric.probe)).toEqual(['process#0']);
    await waitFor(
      async () => {
        engine.tick();
        const cpu = await call<{ result: { metric: Record<string, string> }[] }>('metrics.query', { query: 'process_cpu_usage_percent{service="worker"}' });
        return cpu.result.length === 1;
      },
      { what: 'a CPU series (from the second sample)' },
    );
  });

  it('keeps the last checks of each service for heartbeat bars, and reads them back from the store after a restart', async () => {
    let status = 200;
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(status).end() });
    const yaml = `version: 1
services:
  web:
    probes: [{ http: "${target.url}/health", every: 250ms, timeout: 250ms, retries: 1, retry_every: 250ms }]
`;
    const first = start(yaml);
    const lastUps = async (): Promise<number> => {
      const beats = (await first.call<ServiceHeartbeats[]>('monitoring.heartbeats', { services: ['web'] }))[0]?.beats ?? [];
      const lastFailure = beats.findLastIndex((beat) => beat.status !== 'up');
      return beats.length - 1 - lastFailure;
    };
    await waitFor(async () => (await lastUps()) >= 2, { timeoutMs: 10_000, what: 'two passed checks in a row' });
    status = 503;
    const failing = await waitFor(
      async () => {
        const beats = (await first.call<ServiceHeartbeats[]>('monitoring.heartbeats', { services: ['web'], limit: 100 }))[0]?.beats ?? [];
        return beats.at(-1)?.status === 'down' ? beats : undefined;
      },
      { timeoutMs: 10_000, what: 'a down check' },
    );
    // Passed, then one failure within the retries (pending), then down: each with its reason.
    const firstFailure = failing.findLastIndex((beat) => beat.status === 'up') + 1;
    expect(failing[firstFailure]).toMatchObject({ probe: 'web/http#0', status: 'pending' });
    expect(failing[firstFailure + 1]).toMatchObject({ status: 'down' });
    expect(failing.slice(firstFailure).every((beat) => beat.reason !== null)).toBe(true);
    expect(failing[firstFailure - 1]).toMatchObject({ status: 'up', reason: null });
    const held = failing.slice(0, firstFailure + 2);

    // Another engine on the same data: the checks come back from the store, with their status and reason.
    first.engine.tick();
    await first.engine.stop();
    engines.splice(engines.indexOf(first.engine), 1);
    const second = start('', { dataDir: first.dataDir, workspacePath: first.workspacePath });
    const restored = (await second.call<ServiceHeartbeats[]>('monitoring.heartbeats', { services: ['web'], limit: 100 }))[0]?.beats ?? [];
    const sameTimes = restored.filter((beat) => held.some((seen) => seen.at === beat.at));
    expect(sameTimes.map((beat) => [beat.status, beat.reason])).toEqual(held.map((beat) => [beat.status, beat.reason]));
  });

  it('gives the days left on the certificate an HTTPS probe sees', async () => {
    const now = Date.now();
    const certificate = selfSignedCertificate(new Date(now - 86_400_000), new Date(now + 20.5 * 86_400_000));
    const target = await startTarget({ '/': (_request, response) => response.writeHead(200).end('ok') }, certificate);
    const { call } = start(`version: 1
services:
  shop:
    probes:
      - http: { url: "${target.url}/", insecure: true }
        every: 1s
`);
    const shop = await waitFor(
      async () => (await call<ServiceMonitoring[]>('monitoring.services')).find((service) => service.name === 'shop' && service.certificate !== null),
      { what: 'the certificate figure' },
    );
    expect(shop.certificate?.probe).toBe('shop/http#0');
    expect(Math.floor(shop.certificate?.daysLeft ?? 0)).toBe(20);
  });

  it('masks secret-looking variables and URL passwords, and audits who revealed which (never the value)', async () => {
    const { call } = start(`version: 1
services:
  api:
    start: [sleep, "60"]
    autostart: false
    env: { PORT: "8080", API_TOKEN: abc123, DATABASE_URL: "postgres://app:hunter2@127.0.0.1:5432/app", EMPTY_SECRET: "" }
`);
    const environment = await call<ServiceEnvironment>('services.env', { service: 'api' });
    expect(environment.variables).toEqual([
      { name: 'PORT', value: '8080', masked: false },
      { name: 'API_TOKEN', value: '•••', masked: true },
      { name: 'DATABASE_URL', value: 'postgres://app:•••@127.0.0.1:5432/app', masked: true },
      { name: 'EMPTY_SECRET', value: '', masked: false },
    ]);
    expect(environment.inherits).toBe("Zervigo's own environment");
    expect(JSON.stringify(environment)).not.toContain('abc123');
    expect(JSON.stringify(environment)).not.toContain('hunter2');
    const revealed = await call<EnvVariable[]>('services.revealEnv', { service: 'api', names: ['API_TOKEN'] });
    expect(revealed).toEqual([{ name: 'API_TOKEN', value: 'abc123', masked: false }]);
    const audit = await call<AuditEntry[]>('audit.list', { action: 'reveal_env' });
    expect(audit.map((entry) => [entry.actor, entry.target, entry.message])).toEqual([['browser', 'api', 'revealed API_TOKEN']]);
    expect(JSON.stringify(audit)).not.toContain('abc123');
    await expect(call('services.revealEnv', { service: 'api', names: ['NOPE'] })).rejects.toThrow('api has no variable NOPE in its env');
  });
});
