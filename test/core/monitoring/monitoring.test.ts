import fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { loadUndici } from '../../../src/core/monitoring/lazy-undici';
import type { ServiceProbeHealth } from '../../../src/core/monitoring/probe-health';
import type { MachineSample, ProbeState } from '../../../src/shared/types/monitoring';
import { startTarget } from '../../helpers/http-target';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

// The HTTP client loads on first use; here it is loaded before the short test timeouts start.
beforeAll(async () => {
  await loadUndici();
});

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;

function start(workspace: string): { engine: Engine; file: string } {
  const file = writeFile(tempDir(), 'zervigo.yaml', workspace);
  const engine = Engine.start({
    dataDir: tempDir(),
    workspacePath: file,
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    tickMs: 100,
    probeSpreadMs: 0,
  });
  engines.push(engine);
  return { engine, file };
}

const workspaceFor = (url: string, extra = ''): string => `version: 1
machine: false
services:
  api:
    probes:
      - http: ${url}/health
        every: 200ms
        timeout: 150ms
        retries: 1
        retry_every: 100ms
  db: {}
${extra}`;

describe('monitoring in the engine (real HTTP target, real clock)', () => {
  it('checks a service, writes its series, and follows it from up to pending to down', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
    const { engine } = start(workspaceFor(target.url));
    const events: ProbeState[][] = [];
    engine.bus.on('probes.changed', (states) => events.push(states));
    const health: [string, ServiceProbeHealth][] = [];
    engine.monitoring.health.subscribe((service, next) => health.push([service, next]));

    await waitFor(() => engine.services.list().find((service) => service.name === 'api')?.status === 'up', { what: 'api to be up' });
    expect(engine.monitoring.health.get('api')).toEqual({ status: 'up', reason: null, passing: true, liveness: { status: 'up', reason: null } });
    await waitFor(() => events.some((batch) => batch.some((state) => state.status === 'up')), { what: 'a probes.changed event' });
    expect(engine.services.list().find((service) => service.name === 'db')?.status).toBe('unknown');

    // Written as series once a tick has flushed them.
    await waitFor(
      async () => {
        const result = await engine.dispatch('metrics.query', { query: 'probe_success{service="api"}' }, context);
        return (result as { result: unknown[] }).result.length === 1;
      },
      { what: 'probe_success in the store' },
    );
    const exposition = (await engine.dispatch('metrics.exposition', undefined, context)) as string;
    expect(exposition).toContain(`probe_success{instance="${target.url}/health",probe="http#0",service="api"} 1`);
    expect(exposition).toMatch(/probe_http_status_code\{.*service="api"\} 200/);

    await target.close();
    await waitFor(() => engine.monitoring.get('api/http#0')?.status === 'down', { what: 'the probe to be down' });
    const api = engine.services.list().find((service) => service.name === 'api');
    expect(api?.status).toBe('down');
    expect(api?.reason).toBe(`http#0: connection refused by ${target.url}/health (is it listening?)`);
    // pending first (one retry), then down.
    expect(health.map(([, next]) => next.status)).toEqual(['up', 'pending', 'down']);
    const history = (await engine.dispatch('probes.history', { id: 'api/http#0' }, context)) as { status: string; reason: string | null }[];
    expect(history.map((entry) => entry.status)).toEqual(['down', 'pending', 'up']);
    expect(history[0]?.reason).toContain('connection refused');
  });

  it('pauses and resumes a probe; a service whose probes are all paused is unknown', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
    const { engine } = start(workspaceFor(target.url));
    await waitFor(() => engine.monitoring.get('api/http#0')?.status === 'up', { what: 'the probe to be up' });
    const paused = (await engine.dispatch('probes.pause', { id: 'api/http#0' }, context)) as ProbeState;
    expect(paused.status).toBe('paused');
    expect(engine.services.list().find((service) => service.name === 'api')).toMatchObject({ status: 'unknown', reason: 'every probe is paused' });
    const resumed = (await engine.dispatch('probes.resume', { id: 'api/http#0' }, context)) as ProbeState;
    expect(resumed.status).toBe('unknown');
    await waitFor(() => engine.monitoring.get('api/http#0')?.status === 'up', { what: 'the probe to be up again' });
    await expect(engine.dispatch('probes.pause', { id: 'api/nope' }, context)).rejects.toThrow('no probe "api/nope"');
  });

  it('reports availability from the stored checks and a latency sparkline', async () => {
    let healthy = true;
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(healthy ? 200 : 500).end('x') });
    const { engine } = start(workspaceFor(target.url));
    const checks = (): number =>
      engine.series.reader.readRaw(
        engine.series.index.idOf('probe_success', { service: 'api', probe: 'http#0', instance: `${target.url}/health` }),
        0,
        Date.now() + 1_000,
      ).ts.length;
    await waitFor(() => checks() >= 3, { what: 'three checks stored', timeoutMs: 10_000 });
    healthy = false;
    await waitFor(() => engine.monitoring.get('api/http#0')?.status === 'down', { what: 'the probe to be down' });
    engine.tick();
    const [api] = (await engine.dispatch('monitoring.services', undefined, context)) as {
      name: string;
      availability: { '24h': number | null };
      latency: { values: number[] };
    }[];
    expect(api?.name).toBe('api');
    const availability = api?.availability['24h'] ?? -1;
    expect(availability).toBeGreaterThan(0);
    expect(availability).toBeLessThan(1);
    expect(api?.latency.values.length).toBeGreaterThan(0);
  });

  it('applies workspace edits: removed probes stop, new ones start, unchanged ones keep their state', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
    const { engine, file } = start(workspaceFor(target.url));
    await waitFor(() => engine.monitoring.get('api/http#0')?.status === 'up', { what: 'the probe to be up' });
    const since = engine.monitoring.get('api/http#0')?.since;
    fs.writeFileSync(
      file,
      workspaceFor(target.url, `  cache:\n    probes: [{ tcp: "127.0.0.1:${target.port}", every: 200ms, timeout: 100ms }]\n`).replace('  db: {}\n', ''),
    );
    engine.workspace.reloadFromFile();
    expect(engine.monitoring.get('api/http#0')?.since).toBe(since);
    await waitFor(() => engine.monitoring.get('cache/tcp#0')?.status === 'up', { what: 'the new probe to be up' });
    expect(
      engine.monitoring
        .list()
        .map((state) => state.id)
        .sort(),
    ).toEqual(['api/http#0', 'cache/tcp#0']);
  });

  it('the first machine sample already carries the CPU busy share (the console shows a figure at once, not "—" for a whole interval)', async () => {
    // Once a minute: a second sample cannot come within the test, so the figure is the first one's.
    const { engine } = start('version: 1\nmachine: { every: 1m }\n');
    const samples: MachineSample[] = [];
    engine.bus.on('machine.sample', (sample) => samples.push(sample));
    await waitFor(() => samples.length > 0, { what: 'the first machine sample' });
    expect(samples[0]?.cpuPercent, `first sample: ${JSON.stringify(samples[0])}`).not.toBeNull();
    expect(samples[0]?.cpuCores.length).toBeGreaterThan(0);
  });

  it('publishes machine samples and writes the system_* series', async () => {
    const { engine } = start('version: 1\nmachine: { every: 200ms }\n');
    const samples: MachineSample[] = [];
    engine.bus.on('machine.sample', (sample) => samples.push(sample));
    await waitFor(() => samples.some((sample) => sample.cpuPercent !== null), { what: 'a machine sample with CPU' });
    expect(await engine.dispatch('machine.latest', undefined, context)).toMatchObject({ host: expect.any(String) as string });
    await waitFor(() => engine.series.index.select('system_cpu_usage_percent').length === 1, { what: 'the CPU series' });
    expect(engine.series.index.select('system_disk_free_percent', [{ name: 'mountpoint', type: '=', value: '/' }])).toHaveLength(1);
  });
});
