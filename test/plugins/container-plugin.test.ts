import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { tempDir } from '../helpers/temp-dir';

/**
 * The container probe plugin (plugins/container), installed and run by the real engine in its own
 * process. No Docker or Podman daemon can run on these machines (no dockerd, podman or
 * /var/run/docker.sock), so the plugin talks to a real HTTP server on a unix socket that speaks the
 * part of the Docker Engine API it uses (GET /containers/{name}/json, answers shaped as the API
 * reference gives them, 404 {"message": "No such container: …"}); Podman serves the same
 * Docker-compatible endpoint.
 */
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

type ContainerJson = Record<string, unknown> & { State: Record<string, unknown>; RestartCount: number };

const STARTED = '2026-01-05T10:00:00.000000000Z';

/** A container as `docker inspect` / the Engine API reports it, with the fields the probe reads. */
function container(name: string, state: Record<string, unknown>, restarts = 0): ContainerJson {
  return {
    Id: `${name}0123456789abcdef`,
    Name: `/${name}`,
    RestartCount: restarts,
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 4242,
      ExitCode: 0,
      Error: '',
      StartedAt: STARTED,
      FinishedAt: '0001-01-01T00:00:00Z',
      ...state,
    },
  };
}

/** An HTTP server on a unix socket answering the Engine API's container inspect from `containers`; records each request's path. */
async function engineApi(containers: Map<string, ContainerJson>): Promise<{ socket: string; paths: string[] }> {
  const socket = path.join(tempDir('zervigo-docker-'), 'docker.sock');
  const paths: string[] = [];
  const server = http.createServer((request, response) => {
    paths.push(`${request.method} ${request.url}`);
    const match = /^\/containers\/([^/]+)\/json$/.exec(request.url ?? '');
    const found = match === null ? undefined : containers.get(decodeURIComponent(match[1]!));
    response.setHeader('content-type', 'application/json');
    response.setHeader('api-version', '1.41');
    if (request.method !== 'GET' || match === null) {
      response.statusCode = 404;
      return response.end(JSON.stringify({ message: 'page not found' }));
    }
    if (found === undefined) {
      response.statusCode = 404;
      return response.end(JSON.stringify({ message: `No such container: ${decodeURIComponent(match[1]!)}` }));
    }
    response.end(JSON.stringify(found));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { socket, paths };
}

describe('the container probe plugin against the Docker Engine API on a unix socket', () => {
  it('checks running, health, exit code, restarts and missing containers, each in words, with series', async () => {
    const containers = new Map<string, ContainerJson>([
      ['web', container('web', {})],
      ['api', container('api', { Health: { Status: 'healthy', FailingStreak: 0, Log: [] } })],
      [
        'worker',
        container('worker', {
          Health: {
            Status: 'unhealthy',
            FailingStreak: 3,
            Log: [{ Start: STARTED, End: STARTED, ExitCode: 1, Output: 'curl: (7) Failed to connect to localhost port 8080\n' }],
          },
        }),
      ],
      ['job', container('job', { Status: 'exited', Running: false, ExitCode: 137, OOMKilled: true, Pid: 0, FinishedAt: '2026-01-05T11:00:00Z' })],
      ['loop', container('loop', { Status: 'restarting', Running: true, Restarting: true, ExitCode: 1 }, 7)],
      ['flappy', container('flappy', {}, 5)],
      ['booting', container('booting', { Health: { Status: 'starting', FailingStreak: 0, Log: [] } })],
      ['plain', container('plain', {})],
    ]);
    const { socket, paths } = await engineApi(containers);
    // A unix socket that answers something other than the API.
    const other = path.join(tempDir('zervigo-not-docker-'), 'other.sock');
    const html = http.createServer((_request, response) => response.end('<html>hello</html>'));
    servers.push(html);
    await new Promise<void>((resolve) => html.listen(other, resolve));

    const plugin = await ShippedProbePlugin.start('container');
    plugin.load({
      web: { options: { name: 'web', socket } },
      api: { options: { name: 'api', socket, expect: 'healthy' } },
      worker: { options: { name: 'worker', socket } },
      job: { options: { name: 'job', socket } },
      loop: { options: { name: 'loop', socket } },
      flappy: { options: { name: 'flappy', socket, max_restarts: 3 } },
      booting: { options: { name: 'booting', socket, expect: 'healthy' } },
      plain: { options: { name: 'plain', socket, expect: 'healthy' } },
      missing: { options: { name: 'missing', socket } },
      nosocket: { options: { name: 'web', socket: '/nonexistent/docker.sock' } },
      notdocker: { options: { name: 'web', socket: other } },
    });

    expect(await plugin.until('web', 'up')).toMatchObject({ kind: 'container', reason: null });
    await plugin.until('api', 'up');
    await plugin.until('worker', 'down', 'container worker is running but unhealthy after 3 failed checks: curl: (7) Failed to connect to localhost port 8080');
    await plugin.until('job', 'down', 'container job is exited (exit code 137, killed for running out of memory) at 2026-01-05T11:00:00Z');
    await plugin.until('loop', 'down', 'container loop is restarting (restarted 7 times; last exit code 1)');
    await plugin.until('flappy', 'down', 'container flappy has been restarted 5 times (max_restarts: 3)');
    await plugin.until('booting', 'down', 'container booting is running, its health check says starting');
    await plugin.until('plain', 'down', 'container plain has no health check, so it cannot be healthy (expect: running instead, or add a HEALTHCHECK)');
    await plugin.until('missing', 'down', `no container missing on ${socket} (No such container: missing)`);
    await plugin.until('nosocket', 'down', 'no socket at /nonexistent/docker.sock: is dockerd (or podman.socket) running? Set socket for Podman');
    await plugin.until(
      'notdocker',
      'down',
      `${other} answered HTTP 200 with something that is not JSON ("<html>hello</html>"): is it the Docker or Podman API?`,
    );
    expect(paths).toContain('GET /containers/web/json');

    // Its series sit beside the probe's own.
    const exposition = await plugin.exposition();
    expect(exposition).toMatch(/container_running\{[^}]*service="web"[^}]*\} 1/);
    expect(exposition).toMatch(/container_running\{[^}]*service="job"[^}]*\} 0/);
    expect(exposition).toMatch(/container_exit_code\{[^}]*service="job"[^}]*\} 137/);
    expect(exposition).toMatch(/container_healthy\{[^}]*service="worker"[^}]*\} 0/);
    expect(exposition).toMatch(/container_restarts_total\{[^}]*service="loop"[^}]*\} 7/);
    expect(exposition).toMatch(/container_uptime_seconds\{[^}]*service="web"[^}]*\} \d+/);

    // The job's container is started again: its probe comes up; the web container stops: its goes down.
    containers.set('job', container('job', {}));
    containers.set('web', container('web', { Status: 'exited', Running: false, ExitCode: 0, FinishedAt: '2026-01-05T12:00:00Z' }));
    await plugin.until('job', 'up');
    await plugin.until('web', 'down', 'container web is exited (exit code 0) at 2026-01-05T12:00:00Z');
  }, 60_000);

  it('checks the options against its schema at load, at file:line:col', async () => {
    const plugin = await ShippedProbePlugin.start('container');
    expect(plugin.problems({ web: { options: { name: 'web', socket: 'docker.sock', expect: 'up' } } })).toEqual([
      '7:43 services.web.probes[0].container.socket: plugin container: must match pattern "^/"',
      '7:66 services.web.probes[0].container.expect: plugin container: must be equal to one of the allowed values: "running", "healthy"',
    ]);
  });
});
