'use strict';
/**
 * A container probe: asks the Docker Engine API (or Podman's Docker-compatible API) over its unix
 * socket for one container (`GET /containers/{name}/json`) and checks its state: running, not
 * restarting, healthy when it has a health check, and not restarted more than `max_restarts`
 * times. No dependencies: node:http speaks HTTP over the socket. Runs in a process of its own
 * under Zervigo.
 */
const http = require('node:http');

const DEFAULT_SOCKET = '/var/run/docker.sock';
/** A container's JSON is a few KiB (a long health log included); anything far larger is not the API we expect. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

class ProbeError extends Error {}

/** Ends the check a little before the engine's own deadline, so the reason says what was awaited. */
function deadlineOf(timeoutMs) {
  return Math.max(Math.floor(timeoutMs / 2), timeoutMs - Math.max(100, Math.floor(timeoutMs / 10)));
}

function socketReason(error, socket) {
  switch (error.code) {
    case 'ENOENT':
      return `no socket at ${socket}: is dockerd (or podman.socket) running? Set socket for Podman`;
    case 'ECONNREFUSED':
      return `nothing accepts connections on ${socket}: is dockerd (or podman.socket) running?`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied on ${socket}: the user Zervigo runs as needs access (the docker group, or rootless Podman's own socket)`;
    default:
      return `${socket}: ${error.message}`;
  }
}

/** GET `path` over the unix socket; resolves { status, body } with the body parsed as JSON. */
function getJson(socket, path, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: socket, path, headers: { host: 'docker', accept: 'application/json' }, signal, timeout: timeoutMs });
    request.once('timeout', () => request.destroy(new ProbeError(`no answer from the container engine on ${socket} within ${timeoutMs} ms (timeout)`)));
    request.once('error', (error) => {
      if (error instanceof ProbeError) return reject(error);
      if (error.name === 'AbortError') return reject(new ProbeError('the check was cancelled before the container engine answered'));
      reject(new ProbeError(socketReason(error, socket)));
    });
    request.once('response', (response) => {
      const chunks = [];
      let size = 0;
      response.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return request.destroy(new ProbeError(`${socket} sent over ${MAX_BODY_BYTES} bytes: is it the Docker or Podman API?`));
        chunks.push(chunk);
      });
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body;
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch {
          return reject(
            new ProbeError(
              `${socket} answered HTTP ${response.statusCode} with something that is not JSON ("${text.slice(0, 60)}"): is it the Docker or Podman API?`,
            ),
          );
        }
        resolve({ status: response.statusCode, body });
      });
    });
  });
}

/** The last line of the container's last health check, as its reason. */
function lastHealthOutput(health) {
  const log = Array.isArray(health.Log) ? health.Log : [];
  const last = log[log.length - 1];
  if (last === undefined) return '';
  const output =
    String(last.Output ?? '')
      .trim()
      .split('\n')
      .pop() ?? '';
  return output === '' ? ` (its health check exited with ${last.ExitCode})` : `: ${output.slice(0, 200)}`;
}

function secondsSince(iso, now) {
  const at = Date.parse(iso);
  return Number.isFinite(at) && at > 0 ? Math.max(0, (now - at) / 1000) : null;
}

/** Checks a container as the engine reported it; returns the check's result. */
function judge(container, options, now) {
  const name = options.name;
  const state = container.State ?? {};
  const status = String(state.Status ?? (state.Running ? 'running' : 'unknown'));
  const health = state.Health && typeof state.Health.Status === 'string' && state.Health.Status !== 'none' ? state.Health : null;
  const restarts = Number(container.RestartCount ?? 0);
  const samples = [
    { name: 'container_running', value: state.Running === true && status === 'running' ? 1 : 0 },
    { name: 'container_restarts_total', value: restarts },
  ];
  if (health !== null) samples.push({ name: 'container_healthy', value: health.Status === 'healthy' ? 1 : 0 });
  if (state.Running === true) {
    const up = secondsSince(state.StartedAt, now);
    if (up !== null) samples.push({ name: 'container_uptime_seconds', value: up });
  } else if (Number.isFinite(Number(state.ExitCode))) samples.push({ name: 'container_exit_code', value: Number(state.ExitCode) });

  if (status === 'restarting')
    return { ok: false, reason: `container ${name} is restarting (restarted ${restarts} times; last exit code ${state.ExitCode})`, samples };
  if (status !== 'running') {
    const why = state.OOMKilled === true ? ', killed for running out of memory' : '';
    const error = typeof state.Error === 'string' && state.Error !== '' ? `: ${state.Error.slice(0, 200)}` : '';
    const since = status === 'exited' && typeof state.FinishedAt === 'string' && !state.FinishedAt.startsWith('0001') ? ` at ${state.FinishedAt}` : '';
    const code = status === 'exited' || status === 'dead' ? ` (exit code ${state.ExitCode}${why})` : '';
    return { ok: false, reason: `container ${name} is ${status}${code}${since}${error}`, samples };
  }
  if (health !== null && health.Status === 'unhealthy')
    return { ok: false, reason: `container ${name} is running but unhealthy after ${health.FailingStreak} failed checks${lastHealthOutput(health)}`, samples };
  if ((options.expect ?? 'running') === 'healthy') {
    if (health === null)
      return { ok: false, reason: `container ${name} has no health check, so it cannot be healthy (expect: running instead, or add a HEALTHCHECK)`, samples };
    if (health.Status !== 'healthy') return { ok: false, reason: `container ${name} is running, its health check says ${health.Status}`, samples };
  }
  if (options.max_restarts !== undefined && restarts > options.max_restarts)
    return { ok: false, reason: `container ${name} has been restarted ${restarts} times (max_restarts: ${options.max_restarts})`, samples };
  return { ok: true, samples };
}

async function check(options, { signal, timeoutMs }) {
  const socket = options.socket ?? DEFAULT_SOCKET;
  const started = Date.now();
  let answer;
  try {
    answer = await getJson(socket, `/containers/${encodeURIComponent(options.name)}/json`, deadlineOf(timeoutMs), signal);
  } catch (error) {
    return { ok: false, reason: error instanceof ProbeError ? error.message : String(error) };
  }
  const samples = [{ name: 'container_api_seconds', value: (Date.now() - started) / 1000 }];
  const message = answer.body && typeof answer.body.message === 'string' ? answer.body.message : null;
  if (answer.status === 404) return { ok: false, reason: `no container ${options.name} on ${socket}${message ? ` (${message})` : ''}`, samples };
  if (answer.status !== 200 || typeof answer.body !== 'object' || answer.body === null || typeof answer.body.State !== 'object')
    return { ok: false, reason: `${socket} answered HTTP ${answer.status}${message ? `: ${message}` : ''}: is it the Docker or Podman API?`, samples };
  const result = judge(answer.body, options, Date.now());
  return { ...result, samples: [...samples, ...result.samples] };
}

module.exports = { probes: { container: { check } } };
