import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { clockSkewWords } from '../../../src/core/fleet/agents/agent-connection';
import type { AlertView } from '../../../src/shared/types/alerts';
import type { AgentHello, AgentView } from '../../../src/shared/types/fleet';
import { runCli, startServe, stopProcess } from '../../helpers/cli';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { selfSignedCertificate } from '../../helpers/tls-certs';
import { waitFor } from '../../helpers/wait-for';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const operator = { actor: 'operator', transport: 'internal' } as const;

/** A real `zervigo serve` agent on 127.0.0.1, its token, and its process (to pause it). */
async function agent(): Promise<{ url: string; port: number; token: string; pid: number }> {
  const dir = tempDir();
  const dataDir = tempDir();
  writeFile(dir, 'zervigo.yaml', 'version: 1\n');
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  cleanups.push(() => stopProcess(serve.child));
  return {
    url: serve.url,
    port: Number(new URL(serve.url).port),
    token: runCli(['token', '--data-dir', dataDir]).stdout.trim(),
    pid: serve.child.pid as number,
  };
}

/**
 * A relay in front of an agent (plain HTTP, or TLS with a self-signed certificate): requests and
 * the event WebSocket pass through unchanged, except agent.hello's answer, which `hello` rewrites
 * (another protocol version, another clock).
 */
async function relay(targetPort: number, options: { hello?: (hello: AgentHello) => AgentHello; tls?: boolean } = {}): Promise<string> {
  const handler: http.RequestListener = (request, response) => {
    const forward = http.request({ host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      if (request.url?.endsWith('/rpc/agent.hello') !== true || options.hello === undefined || answer.statusCode !== 200) {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = JSON.stringify(options.hello?.(JSON.parse(Buffer.concat(chunks).toString('utf8')) as AgentHello));
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      });
    });
    request.pipe(forward);
  };
  const server =
    options.tls === true
      ? https.createServer(selfSignedCertificate(new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000)), handler)
      : http.createServer(handler);
  // The event stream: the upgrade request and everything after it, byte for byte.
  server.on('upgrade', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      upstream.write(
        `${request.method} ${request.url} HTTP/1.1\r\n${Object.entries(request.headers)
          .map(([name, value]) => `${name}: ${String(value)}\r\n`)
          .join('')}\r\n`,
      );
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  return `${options.tls === true ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A console (a real engine) that checks its agents every second. */
function consoleEngine(): Engine {
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nevaluation_interval: 1s\nfleet: { agent_down_for: 1s, health_every: 1s }\n');
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  return engine;
}

async function agentNamed(engine: Engine, name: string, accept: (agent: AgentView) => boolean, what: string): Promise<AgentView> {
  return waitFor(
    async () => {
      const found = ((await engine.dispatch('agents.list', undefined, operator)) as AgentView[]).find((entry) => entry.name === name);
      if (found === undefined || !accept(found)) throw new Error(`${name}: ${found?.state} ${found?.reason}`);
      return found;
    },
    { timeoutMs: 30_000, what },
  );
}

/**
 * The issue's bad input for agents, each against a real `zervigo serve`: a clear state and a
 * reason in words for a TLS mismatch, another protocol version, a clock out of step, an agent
 * that hangs mid-stream; and what could be kept is kept (it comes back by itself).
 */
describe('agents that cannot be trusted or followed, said in words', () => {
  it('refuses TLS it cannot trust or that is not there: https:// to plain HTTP, http:// to TLS, a self-signed certificate', async () => {
    const target = await agent();
    const selfSigned = await relay(target.port, { tls: true });
    const engine = consoleEngine();
    await engine.dispatch('agents.add', { name: 'plain', url: `https://127.0.0.1:${target.port}`, token: target.token }, operator);
    await engine.dispatch('agents.add', { name: 'selfsigned', url: selfSigned, token: target.token }, operator);
    await engine.dispatch('agents.add', { name: 'tlsonly', url: selfSigned.replace(/^https:/, 'http:'), token: target.token }, operator);
    const plain = await agentNamed(engine, 'plain', (entry) => entry.state !== 'connecting', 'plain settled');
    const untrusted = await agentNamed(engine, 'selfsigned', (entry) => entry.state !== 'connecting', 'selfsigned settled');
    const tlsOnly = await agentNamed(engine, 'tlsonly', (entry) => entry.state !== 'connecting', 'tlsonly settled');
    // Was "TLS failed (ERR_SSL_WRONG_VERSION_NUMBER)".
    expect([plain.state, plain.reason]).toEqual([
      'refused',
      `agent plain (https://127.0.0.1:${target.port}): it answers plain HTTP, not TLS: serve it over TLS, or add it as http://127.0.0.1:${target.port}; refused`,
    ]);
    expect([untrusted.state, untrusted.reason]).toEqual([
      'refused',
      `agent selfsigned (${selfSigned}): its TLS certificate is self-signed and not trusted here (add its CA to NODE_EXTRA_CA_CERTS); refused`,
    ]);
    // Was "down: agent tlsonly is unreachable at http://…: other side closed", retried every few seconds.
    expect([tlsOnly.state, tlsOnly.reason]).toEqual([
      'refused',
      `agent tlsonly (${selfSigned.replace(/^https:/, 'http:')}): it speaks TLS, not plain HTTP: add it as ${selfSigned}; refused`,
    ]);
    // Never up, and no AgentDown silence: each is agent_up 0.
    expect([plain, untrusted].map((entry) => entry.version)).toEqual([null, null]);
  }, 60_000);

  it('says an agent of another fleet protocol is incompatible, naming both versions', async () => {
    const target = await agent();
    const newer = await relay(target.port, { hello: (hello) => ({ ...hello, protocol: hello.protocol + 1 }) });
    const engine = consoleEngine();
    await engine.dispatch('agents.add', { name: 'newer', url: newer, token: target.token }, operator);
    const seen = await agentNamed(engine, 'newer', (entry) => entry.state !== 'connecting', 'newer settled');
    expect([seen.state, seen.reason, seen.protocol]).toEqual([
      'incompatible',
      `agent newer speaks fleet protocol 2, this console 1 (Zervigo ${seen.version}); upgrade the older of the two`,
      2,
    ]);
    // Nothing is sent to it: a command is refused here with the same reason.
    await expect(engine.dispatch('agents.call', { agent: 'newer', command: 'services.list' }, operator)).rejects.toThrow(
      /agent newer is incompatible: agent newer speaks fleet protocol 2/,
    );
  }, 60_000);

  it('keeps an agent whose clock is out of step up, and says by how much', async () => {
    const target = await agent();
    const ahead = await relay(target.port, { hello: (hello) => ({ ...hello, now: hello.now + 95_000 }) });
    const engine = consoleEngine();
    await engine.dispatch('agents.add', { name: 'ahead', url: ahead, token: target.token }, operator);
    const seen = await agentNamed(engine, 'ahead', (entry) => entry.state !== 'connecting', 'ahead settled');
    // It works (nothing it reports is changed), and the reason says by how much: was up with no word.
    expect(seen.state).toBe('up');
    expect(Math.abs((seen.clockOffsetMs ?? 0) - 95_000)).toBeLessThan(2_000);
    expect(seen.reason).toBe(
      "its clock is 95 s ahead of this console's: the times it reports are 95 s off here; run NTP (chrony, systemd-timesyncd) on both hosts",
    );
    expect(clockSkewWords(-4_000, 10)).toMatch(/^its clock is 4 s behind this console's/);
    // Within the tolerance, or within what the round trip leaves unknown: nothing said.
    expect([clockSkewWords(1_900, 10), clockSkewWords(3_000, 2_500), clockSkewWords(null, null)]).toEqual([null, null, null]);
  }, 60_000);

  it('drops an agent that hangs mid-stream (its process stopped), says so, and follows it again once it answers', async () => {
    const target = await agent();
    const engine = consoleEngine();
    await engine.dispatch('agents.add', { name: 'frozen', url: target.url, token: target.token }, operator);
    await agentNamed(engine, 'frozen', (entry) => entry.state === 'up', 'frozen up');
    process.kill(target.pid, 'SIGSTOP');
    cleanups.push(() => void process.kill(target.pid, 'SIGCONT'));
    const started = Date.now();
    const down = await agentNamed(engine, 'frozen', (entry) => entry.state === 'down', 'frozen down');
    // Was "agent frozen dropped: code.startsWith is not a function" (a timeout's DOMException code is a number).
    expect(down.reason).toMatch(
      new RegExp(
        `^agent frozen dropped: (agent frozen at ${target.url.replace(/[.:/]/g, '\\$&')} did not answer health\\.get within 10 s: hung, overloaded or cut off|it stopped answering \\(no pong within 10 s\\): hung or cut off)$`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(25_000);
    // AgentDown fires for it on the console, as for one that went away.
    await waitFor(
      async () =>
        ((await engine.dispatch('alerts.list', undefined, operator)) as AlertView[]).some(
          (alert) => alert.alertname === 'AgentDown' && alert.labels.agent === 'frozen' && alert.state === 'firing',
        ),
      { timeoutMs: 20_000, what: 'AgentDown firing for frozen' },
    );
    process.kill(target.pid, 'SIGCONT');
    const back = await agentNamed(engine, 'frozen', (entry) => entry.state === 'up', 'frozen back up');
    expect(back.reason).toBeNull();
  }, 90_000);
});
