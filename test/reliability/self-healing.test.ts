import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/process/process-group';
import type { AlertView } from '../../src/shared/types/alerts';
import type { ProbeState, ProbeTransition } from '../../src/shared/types/monitoring';
import type { AuditEntry, OperationResult } from '../../src/shared/types/operate';
import { freePort } from '../helpers/free-port';
import { serveEngine } from '../helpers/serve-engine';
import { waitFor } from '../helpers/wait-for';

/**
 * The reliability suite's self-healing class, on real processes and real HTTP on 127.0.0.1,
 * with the workspace's defaults unless a case says otherwise: occasional deaths are healed
 * every time, a crash loop is given up and escalated, a process that ignores SIGTERM is still
 * stopped, a failing dependency does not cascade into its dependents, and a readiness probe
 * never restarts anything.
 */

/** An HTTP service: /health passes when its dependency (DEP_TCP host:port, or DEP_URL) answers; /ready fails while ./not-ready exists. */
const serverJs = `
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
if (process.env.IGNORE_TERM) process.on('SIGTERM', () => console.log('SIGTERM ignored'));
const tcpOk = (target) => new Promise((resolve) => {
  const [host, port] = target.split(':');
  const socket = net.connect(Number(port), host);
  const done = (ok) => { socket.destroy(); resolve(ok); };
  socket.once('connect', () => done(true));
  socket.once('error', () => done(false));
  socket.setTimeout(300, () => done(false));
});
const dependencyOk = async () => {
  if (process.env.DEP_TCP) return tcpOk(process.env.DEP_TCP);
  if (process.env.DEP_URL) {
    try { return (await fetch(process.env.DEP_URL, { signal: AbortSignal.timeout(300) })).ok; } catch { return false; }
  }
  return true;
};
http.createServer(async (request, response) => {
  const ok = request.url === '/ready' ? !fs.existsSync('not-ready') : request.url === '/health' ? await dependencyOk() : true;
  response.writeHead(ok ? 200 : 503);
  response.end(JSON.stringify({ pid: process.pid, ok }));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;
const dbJs = `require('node:net').createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1');`;
const node = JSON.stringify(process.execPath);
/** Quick probes, so the cases take seconds. */
const quick = 'every: 500ms, timeout: 400ms, retry_every: 200ms';

/** db (a TCP server, after the shell line `before`) and api, whose /health needs db: the services section's lines. */
const dbAndApi = (before: string, dbPort: number, apiPort: number): string => `services:
  db:
    start: [sh, -c, "${before}; exec ${node.replaceAll('"', '\\"')} db.js"]
    env: { PORT: "${dbPort}" }
    probes: [{ tcp: "127.0.0.1:${dbPort}", ${quick} }]
  api:
    start: [${node}, server.js]
    env: { PORT: "${apiPort}", DEP_TCP: "127.0.0.1:${dbPort}" }
    depends_on: [db]
    probes: [{ http: "http://127.0.0.1:${apiPort}/health", ${quick} }]
`;

/** The pid that answers on the port, or null when nothing does. */
async function answeringPid(port: number, route = '/'): Promise<number | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(500) });
    return ((await response.json()) as { pid: number }).pid;
  } catch {
    return null;
  }
}

/** How the audit log names calls made with the data folder's API token (the owner's, since people exist). */
const tokenCaller = 'owner (token api-token)';
const audited = (entries: AuditEntry[]) => entries.map((entry) => `${entry.actor} ${entry.action} ${entry.outcome}`);

describe('self-healing with the defaults (restart: { policy: on-failure })', () => {
  it('heals a service killed with SIGKILL ten times, each time, without spending its budget', async () => {
    const port = await freePort();
    const { service, call } = await serveEngine(
      `version: 1
services:
  api:
    start: [${node}, server.js]
    env: { PORT: "${port}" }
    probes: [{ http: "http://127.0.0.1:${port}/health", ${quick} }]
    restart: { policy: on-failure }
`,
      { files: { 'server.js': serverJs } },
    );
    const killed: number[] = [];
    for (let kill = 0; kill < 10; kill++) {
      // Up and past min_uptime (a clean run: its failures in a row are 0), answering as the pid Zervigo knows.
      const pid = await waitFor(
        async () => {
          const view = await service('api');
          return view.status === 'up' &&
            view.runtime?.failures === 0 &&
            view.runtime.pid !== null &&
            !killed.includes(view.runtime.pid) &&
            (await answeringPid(port)) === view.runtime.pid
            ? view.runtime.pid
            : undefined;
        },
        { timeoutMs: 10_000, what: `api healthy before kill ${kill + 1}` },
      );
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    }
    const healed = await waitFor(
      async () => {
        const view = await service('api');
        const pid = view.runtime?.pid ?? null;
        return view.status === 'up' && pid !== null && !killed.includes(pid) && (await answeringPid(port)) === pid ? view : undefined;
      },
      { timeoutMs: 10_000, what: 'api healed after the tenth kill' },
    );
    expect(healed.runtime).toMatchObject({ restarts: 10, phase: 'running' });
    const audit = (await call<AuditEntry[]>('GET', '/audit?target=api&limit=50')).body;
    expect(audited(audit)).toEqual([...Array<string>(10).fill('supervisor restart ok'), 'autostart start ok']);
    // Each a first failure after a clean run: restarted at once, never counted against the budget.
    for (const entry of audit.filter((one) => one.action === 'restart')) expect(entry.message).toMatch(/^killed by SIGKILL → started \(pid \d+\)$/);
  });

  it('gives up a crash loop (exits within a second of every start) after 1 + 3 starts, says so and escalates it', async () => {
    const { service, call, dir } = await serveEngine(`version: 1
services:
  flaky:
    start: [sh, -c, "echo $$ >> starts; sleep 0.3; exit 3"]
    restart: { policy: on-failure }
`);
    const view = await waitFor(
      async () => {
        const flaky = await service('flaky');
        return flaky.status === 'given_up' ? flaky : undefined;
      },
      { timeoutMs: 15_000, what: 'the crash loop to be given up' },
    );
    expect(view.reason).toBe('gave up: 3 restarts within 10m did not keep it running for 1.5s (a crash loop); last: exited with code 3');
    expect(view.runtime).toMatchObject({ phase: 'given_up', nextRestartAt: null, pid: null, restarts: 3 });
    const starts = fs.readFileSync(path.join(dir, 'starts'), 'utf8').trim().split('\n').map(Number);
    expect(starts).toHaveLength(4);
    expect(starts.filter((pid) => isAlive(pid))).toEqual([]);
    const audit = (await call<AuditEntry[]>('GET', '/audit?target=flaky')).body;
    expect(audited(audit)).toEqual([
      'supervisor give_up failed',
      'supervisor restart ok',
      'supervisor restart ok',
      'supervisor restart ok',
      'autostart start failed',
    ]);
    const firing = await waitFor(
      async () => (await call<AlertView[]>('GET', '/alerts?state=firing')).body.find((alert) => alert.alertname === 'ServiceGivenUp'),
      { what: 'the escalation' },
    );
    expect(firing.labels).toMatchObject({ service: 'flaky', severity: 'critical' });
  });

  it('stops a process that ignores SIGTERM with SIGKILL once its grace is over', async () => {
    const port = await freePort();
    const { service, call, dataDir } = await serveEngine(
      `version: 1
services:
  stubborn:
    start: [${node}, server.js]
    env: { PORT: "${port}", IGNORE_TERM: "1" }
    stop_grace: 500ms
    probes: [{ http: "http://127.0.0.1:${port}/", ${quick} }]
`,
      { files: { 'server.js': serverJs } },
    );
    const pid = await waitFor(
      async () => {
        const view = await service('stubborn');
        return view.status === 'up' ? view.runtime?.pid : undefined;
      },
      { timeoutMs: 10_000, what: 'stubborn to be up' },
    );
    const stopped = await call<OperationResult>('POST', '/services/stop', { services: ['stubborn'] });
    expect(stopped.body.services[0]).toMatchObject({ service: 'stubborn', outcome: 'stopped' });
    expect(isAlive(pid as number)).toBe(false);
    expect((await service('stubborn')).runtime?.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
    // It was asked first, and said no.
    expect(fs.readFileSync(path.join(dataDir, 'services', 'stubborn.log'), 'utf8')).toContain('SIGTERM ignored');
  });
});

describe('healing that does not cascade: db ← api ← web', () => {
  async function chain() {
    const [dbPort, apiPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const engine = await serveEngine(
      `version: 1
${dbAndApi('test -f broken && exit 1', dbPort, apiPort)}  web:
    start: [${node}, server.js]
    env: { PORT: "${webPort}", DEP_URL: "http://127.0.0.1:${apiPort}/health" }
    depends_on: [api]
    probes: [{ http: "http://127.0.0.1:${webPort}/health", ${quick} }]
`,
      { files: { 'server.js': serverJs, 'db.js': dbJs }, probeSpreadMs: 0 },
    );
    // Up, and past min_uptime (1.5 s) since their start: a failure from now on is a first one.
    const pids = await waitFor(
      async () => {
        const views = await Promise.all(['db', 'api', 'web'].map((name) => engine.service(name)));
        const ranFine = views.every((view) => view.status === 'up' && Date.now() - (view.runtime?.startedAt ?? Date.now()) > 1_700);
        return ranFine ? Object.fromEntries(views.map((view) => [view.name, view.runtime?.pid])) : undefined;
      },
      { timeoutMs: 15_000, what: 'the chain to be up' },
    );
    const auditOf = async (name: string) => audited((await engine.call<AuditEntry[]>('GET', `/audit?target=${name}`)).body);
    return { ...engine, pids, auditOf };
  }

  it('shows api and web waiting for a stopped db, does not restart them, and they recover by themselves when db is back', async () => {
    const { call, service, pids, auditOf } = await chain();
    await call('POST', '/services/stop', { services: ['db'] });
    // The engine looked, and decided: each of them waits, and the audit says why it was not restarted.
    for (const name of ['api', 'web']) {
      await waitFor(async () => (await service(name)).status === 'waiting' && (await auditOf(name)).includes('supervisor wait skipped'), {
        timeoutMs: 10_000,
        what: `${name} waiting for db`,
      });
    }
    const api = await service('api');
    expect(api).toMatchObject({ status: 'waiting', waitingFor: ['db'], runtime: { pid: pids.api, restarts: 0 } });
    expect(api.reason).toMatch(/^waiting for db: db is stopped \(stopped by owner with token api-token\)/);
    const web = await service('web');
    expect(web).toMatchObject({ status: 'waiting', waitingFor: ['db'], runtime: { pid: pids.web, restarts: 0 } });
    expect(web.reason).toMatch(/^waiting for db \(via api\): db is stopped/);

    await call('POST', '/services/start', { services: ['db'] });
    await waitFor(async () => (await service('api')).status === 'up' && (await service('web')).status === 'up', {
      timeoutMs: 10_000,
      what: 'api and web to recover',
    });
    for (const name of ['api', 'web']) {
      expect((await service(name)).runtime).toMatchObject({ pid: pids[name], restarts: 0 });
      expect(await auditOf(name)).toEqual(['supervisor wait skipped', 'autostart start ok']);
    }
  });

  it('heals only db when it dies and then fails to start until given up; api and web wait, and carry on after a reset of db', async () => {
    const { call, service, pids, auditOf, dir } = await chain();
    fs.writeFileSync(path.join(dir, 'broken'), '');
    process.kill(pids.db as number, 'SIGKILL');
    await waitFor(async () => (await service('db')).status === 'given_up', { timeoutMs: 15_000, what: 'db to be given up' });
    await waitFor(async () => (await service('api')).status === 'waiting' && (await service('web')).status === 'waiting', {
      timeoutMs: 10_000,
      what: 'api and web waiting',
    });
    expect((await service('api')).reason).toMatch(/^waiting for db: db is given up \(gave up: 3 restarts within 10m/);
    expect((await service('web')).reason).toMatch(/^waiting for db \(via api\): db is given up/);
    // Only db is escalated: its dependents are symptoms.
    await waitFor(async () => (await call<AlertView[]>('GET', '/alerts?state=firing')).body.length > 0 || undefined, { what: 'the escalation of db' });
    expect((await call<AlertView[]>('GET', '/alerts?state=firing')).body.map((alert) => `${alert.alertname} ${alert.labels.service}`)).toEqual([
      'ServiceGivenUp db',
    ]);

    fs.rmSync(path.join(dir, 'broken'));
    await call('POST', '/services/reset', { services: ['db'] });
    await waitFor(async () => (await service('db')).status === 'up' && (await service('api')).status === 'up' && (await service('web')).status === 'up', {
      timeoutMs: 10_000,
      what: 'the chain to recover',
    });
    // db: healed at once after the kill, then 3 crash-loop restarts, given up; reset, started.
    const db = await waitFor(
      async () => {
        const entries = await auditOf('db');
        return entries[0] === `${tokenCaller} start ok` ? entries : undefined;
      },
      { what: "db's start after the reset to be audited" },
    );
    expect(db.filter((entry) => entry === 'supervisor restart ok')).toHaveLength(4);
    expect(db.slice(0, 3)).toEqual([`${tokenCaller} start ok`, `${tokenCaller} reset ok`, 'supervisor give_up failed']);
    for (const name of ['api', 'web']) {
      expect((await service(name)).runtime).toMatchObject({ pid: pids[name], restarts: 0 });
      expect((await auditOf(name)).filter((entry) => entry.includes('restart'))).toEqual([]);
    }
  });

  it('keeps a dependent waiting at start from being probed into down: its probes wait and say why', async () => {
    const [dbPort, apiPort] = [await freePort(), await freePort()];
    const { service, call } = await serveEngine(
      `version: 1
${dbAndApi('sleep 1.5', dbPort, apiPort)}`,
      { files: { 'server.js': serverJs, 'db.js': dbJs }, probeSpreadMs: 0 },
    );
    const waiting = await service('api');
    expect(waiting).toMatchObject({ status: 'waiting', reason: 'waiting for db to be ready' });
    const probe = (await call<ProbeState[]>('GET', '/probes')).body.find((state) => state.service === 'api');
    expect(probe).toMatchObject({ status: 'paused', reason: 'waiting for db to be ready; checked as soon as api starts' });
    await waitFor(async () => (await service('api')).status === 'up', { timeoutMs: 15_000, what: 'api to be up' });
    // Its whole history: paused while waiting (saying so), then checked once it ran; never down.
    const history = (await call<ProbeTransition[]>('GET', `/probes/history?id=${encodeURIComponent('api/http#0')}`)).body;
    expect(history.map((entry) => entry.status)).not.toContain('down');
    expect(history.at(-1)).toMatchObject({ status: 'paused', reason: 'waiting for db to be ready; checked as soon as api starts' });
    expect(history[0]?.status).toBe('up');
  });
});

describe('a readiness probe', () => {
  it('never restarts the service, where a liveness probe on the same check does', async () => {
    const [readyPort, livePort] = [await freePort(), await freePort()];
    const { service, call, dir } = await serveEngine(
      `version: 1
services:
  gated:
    start: [${node}, server.js]
    env: { PORT: "${readyPort}" }
    probes: [{ http: "http://127.0.0.1:${readyPort}/ready", role: readiness, ${quick} }]
  restarted:
    start: [${node}, server.js]
    env: { PORT: "${livePort}" }
    probes: [{ http: "http://127.0.0.1:${livePort}/ready", ${quick} }]
`,
      { files: { 'server.js': serverJs } },
    );
    const pids = await waitFor(
      async () => {
        const [gated, restarted] = [await service('gated'), await service('restarted')];
        return gated.status === 'up' && restarted.status === 'up' ? { gated: gated.runtime?.pid, restarted: restarted.runtime?.pid } : undefined;
      },
      { timeoutMs: 10_000, what: 'both up' },
    );
    // Both answer /ready with 503 from now on (they share the folder).
    fs.writeFileSync(path.join(dir, 'not-ready'), '');
    // The liveness one is restarted: proof that the same failure was seen and acted on.
    await waitFor(async () => ((await service('restarted')).runtime?.restarts ?? 0) > 0, {
      timeoutMs: 10_000,
      what: 'the liveness probe to restart its service',
    });
    // The readiness one is down (not ready) and has been checked again and again since, yet runs on.
    await waitFor(
      async () => {
        const probe = (await call<ProbeState[]>('GET', '/probes')).body.find((state) => state.service === 'gated');
        return probe?.status === 'down' && probe.failures >= probe.retries + 4;
      },
      { timeoutMs: 10_000, what: 'the readiness probe down for several checks' },
    );
    const gated = await service('gated');
    expect(gated).toMatchObject({ status: 'down', runtime: { pid: pids.gated, restarts: 0, phase: 'running' } });
    expect(gated.reason).toMatch(/^http#0: .*503/);
    expect((await service('restarted')).runtime?.pid).not.toBe(pids.restarted);
    expect((await call<AuditEntry[]>('GET', '/audit?target=gated')).body.map((entry) => entry.action)).toEqual(['start']);
  });
});
