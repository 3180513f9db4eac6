import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckReportSchema, type CheckReport } from '../../src/shared/check/check-report';
import { runCliAsync, startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { startTarget } from '../helpers/http-target';
import { listenOnLoopback } from '../helpers/loopback-listener';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const ESC = '\u001b[';

async function tcpListener() {
  const listener = await listenOnLoopback(net.createServer((socket) => socket.end()));
  return listener;
}

/** A shop: db (tcp, up) and cache (down) under api (http, up) under web (no probes). */
async function shop(): Promise<{ dir: string; file: string; closedPort: number }> {
  const db = await tcpListener();
  const api = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
  const closedPort = await freePort();
  const dir = tempDir();
  const file = writeFile(
    dir,
    'zervigo.yaml',
    `version: 1
name: shop
machine: false
services:
  db:
    probes: [{ tcp: "127.0.0.1:${db.port}" }]
  cache:
    probes: [{ tcp: "127.0.0.1:${closedPort}", timeout: 2s }]
  api:
    depends_on: [db, cache]
    probes: [{ http: "${api.url}/health" }]
  web:
    depends_on: [api]
`,
  );
  return { dir, file, closedPort };
}

describe('zervigo check (one-shot, no console)', () => {
  it('checks every probe once and prints a report grouped by service, with the start order and a summary; exit 1 when something is down', async () => {
    const { file, closedPort } = await shop();
    const result = await runCliAsync(['check', '--workspace', file]);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('✔ start order: 1. db, cache  →  2. api  →  3. web');
    const at = (prefix: string): number => lines.findIndex((line) => line.startsWith(prefix));
    expect(lines[at('✘ down        cache')]).toContain('infra');
    expect(lines[at('✘ down        cache') + 1]).toContain(`tcp 127.0.0.1:${closedPort}`);
    expect(lines[at('✘ down        cache') + 1]).toContain('connection refused');
    expect(lines[at('✔ up          api')]).toContain('after db, cache');
    expect(lines[at('· not checked web')]).toBeDefined();
    expect(lines[at('· not checked web') + 1]).toBe('    no probes');
    expect(result.stdout).toMatch(/4 services: 2 up, 1 down, 1 not checked · 3 probes \(1 down\) · [\d.]+ m?s — DOWN \(exit 1\)\n$/);
    // Not a terminal: no colour.
    expect(result.stdout).not.toContain(ESC);
  });

  it('colours with --color (and on a terminal), never with --no-color or NO_COLOR', async () => {
    const { file } = await shop();
    const coloured = await runCliAsync(['check', '-w', file, '--color']);
    expect(coloured.stdout).toContain(`${ESC}31m✘ down`);
    expect(coloured.stdout).toContain(`${ESC}32m✔ up`);
    expect((await runCliAsync(['check', '-w', file], { env: { FORCE_COLOR: '1' } })).stdout).toContain(`${ESC}31m`);
    expect((await runCliAsync(['check', '-w', file], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await runCliAsync(['check', '-w', file, '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toContain(ESC);
  });

  it('prints JSON that follows the documented schema (--json-schema), exit 0 when all is good', async () => {
    const db = await tcpListener();
    const dir = tempDir();
    const file = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1\nservices:\n  db:\n    probes: [{ tcp: "127.0.0.1:${db.port}" }, { command: [sh, -c, "exit 0"], name: shell }]\n  idle:\n    probes: [{ tcp: "127.0.0.1:1", paused: true }]\n`,
    );
    const result = await runCliAsync(['check', '-w', file, '--json']);
    expect(result.status).toBe(0);
    const report = CheckReportSchema.parse(JSON.parse(result.stdout));
    expect(report.summary).toMatchObject({ services: 2, up: 1, down: 0, verdict: 'ok', exitCode: 0, probes: 3 });
    expect(report.services[0]?.probes.map((probe) => [probe.id, probe.status])).toEqual([
      ['db/tcp#0', 'up'],
      ['db/shell', 'up'],
    ]);
    expect(report.services[1]).toMatchObject({ name: 'idle', status: 'not_checked', reason: 'every probe is paused', probes: [{ status: 'paused' }] });
    expect(report.machine?.memory.totalBytes).toBeGreaterThan(0);
    expect(report.machine?.cpuPercent).not.toBeNull();
    const schema = JSON.parse((await runCliAsync(['check', '--json-schema'])).stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(Object.keys(CheckReportSchema.shape));
  });

  it('exits 2 for an invalid workspace, naming each problem at file:line:col (a cycle included)', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  a:\n    depends_on: [b]\n  b:\n    depends_on: [a]\n    probs: []\n');
    const result = await runCliAsync(['check', '-w', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`${file}:7:5: services.b: unknown key "probs"; did you mean "probes"?`);
    const cycle = writeFile(dir, 'cycle.yaml', 'version: 1\nservices:\n  a:\n    depends_on: [b]\n  b:\n    depends_on: [c]\n  c:\n    depends_on: [a]\n');
    const cycled = await runCliAsync(['check', '-w', cycle, '--json']);
    expect(cycled.status).toBe(2);
    expect((JSON.parse(cycled.stdout) as CheckReport).workspace.issues.map((issue) => issue.message)).toEqual(['dependency cycle: a → b → c → a']);
    const missing = await runCliAsync(['check', '-w', path.join(dir, 'nope.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('runs the checks in parallel under monitoring.concurrency', async () => {
    // A target that answers only once three requests wait at once: sequential checks never get there.
    let inFlight = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    const target = await startTarget({
      '/*': (_request, response) => {
        inFlight++;
        most = Math.max(most, inFlight);
        waiting.push(() => response.writeHead(200).end('ok'));
        response.on('close', () => inFlight--);
        if (waiting.length >= 3) for (const release of waiting.splice(0)) release();
      },
    });
    const services = (concurrency: number) =>
      `version: 1\nmachine: false\nmonitoring: { concurrency: ${concurrency} }\nservices:\n${['a', 'b', 'c'].map((name) => `  ${name}:\n    probes: [{ http: "${target.url}/${name}", timeout: 1s }]\n`).join('')}`;
    const dir = tempDir();
    const parallel = await runCliAsync(['check', '-w', writeFile(dir, 'parallel.yaml', services(64)), '--json']);
    expect((JSON.parse(parallel.stdout) as CheckReport).summary).toMatchObject({ up: 3, down: 0 });
    expect(most).toBe(3);
    most = 0;
    const capped = await runCliAsync(['check', '-w', writeFile(dir, 'capped.yaml', services(2)), '--json']);
    expect(capped.status).toBe(1);
    expect(most).toBe(2);
    expect((JSON.parse(capped.stdout) as CheckReport).services.flatMap((service) => service.probes.map((probe) => probe.reason)).join('\n')).toMatch(
      /within 1 s/,
    );
  });

  it('--order runs no probe; --infra checks the machine and what others stand on; --services skips the machine', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'probed');
    const db = await tcpListener();
    const file = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1\nservices:\n  db:\n    probes: [{ tcp: "127.0.0.1:${db.port}" }]\n  api:\n    depends_on: [db]\n    probes: [{ command: [touch, "${marker}"] }]\n`,
    );
    const order = JSON.parse((await runCliAsync(['check', '-w', file, '--order', '--json'])).stdout) as CheckReport;
    expect(order).toMatchObject({ mode: 'order', services: [], machine: null, order: { levels: [['db'], ['api']], problems: [] } });
    expect(fs.existsSync(marker)).toBe(false);
    const infra = JSON.parse((await runCliAsync(['check', '-w', file, '--infra', '--json'])).stdout) as CheckReport;
    expect(infra.services.map((service) => [service.name, service.infra])).toEqual([['db', true]]);
    expect(infra.machine).not.toBeNull();
    expect(fs.existsSync(marker)).toBe(false);
    const services = JSON.parse((await runCliAsync(['check', '-w', file, '--services', '--json'])).stdout) as CheckReport;
    expect(services.services.map((service) => service.name)).toEqual(['db', 'api']);
    expect(services.machine).toBeNull();
    expect(fs.existsSync(marker)).toBe(true);
    expect((await runCliAsync(['check', '-w', file, '--order', '--infra'])).stderr).toContain("option '--infra' cannot be used with option '--order'");
  });
});

describe('zervigo check --url (against a running console)', () => {
  it("reports the console's services and latest checks; 3 when nothing answers, 4 when the token is refused", async () => {
    const db = await tcpListener();
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1\nname: live\nmachine: { every: 1s }\nservices:\n  db:\n    probes: [{ tcp: "127.0.0.1:${db.port}", every: 1s }]\n  api:\n    depends_on: [db]\n    probes: [{ tcp: "127.0.0.1:1", every: 1s, retries: 0 }]\n`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const ask = () => runCliAsync(['check', '--url', serve.url, '--data-dir', dataDir, '--json']);
    const report = await waitFor(
      async () => {
        const result = await ask();
        const parsed = JSON.parse(result.stdout) as CheckReport;
        const checked = parsed.services.every((service) => service.status === 'up' || service.status === 'down') && parsed.machine !== null;
        return checked ? { parsed, status: result.status } : undefined;
      },
      { timeoutMs: 20_000, what: 'the console to have checked both services' },
    );
    expect(report.status).toBe(1);
    expect(report.parsed).toMatchObject({ source: serve.url, workspace: { name: 'live', valid: true }, order: { levels: [['db'], ['api']] } });
    expect(report.parsed.services.map((service) => [service.name, service.status, service.infra])).toEqual([
      ['db', 'up', true],
      ['api', 'down', false],
    ]);
    expect(report.parsed.machine).not.toBeNull();

    const text = await runCliAsync(['check', '--url', serve.url, '--data-dir', dataDir]);
    expect(text.stdout).toContain(`asked ${serve.url}`);

    const wrongToken = await runCliAsync(['check', '--url', serve.url, '--token', 'not-the-token']);
    expect(wrongToken.status).toBe(4);
    expect(wrongToken.stderr).toMatch(/^zervigo: .*token/m);
    const nobody = await runCliAsync(['check', '--url', `http://127.0.0.1:${await freePort()}`, '--token', 'x', '--json']);
    expect(nobody.status).toBe(3);
    expect(nobody.stderr).toContain('no Zervigo server answers at');
    expect(JSON.parse(nobody.stdout)).toMatchObject({ error: { code: 'unavailable' }, exitCode: 3 });
  });
});
