import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/process/process-group';
import { screenshot } from '../helpers/browser';
import { freePort } from '../helpers/free-port';
import { privateTmux } from '../helpers/tmux-server';
import { waitFor } from '../helpers/wait-for';
import { contextAs } from '../helpers/principals';
import { consoleInBrowser } from './console-in-browser';

/**
 * The console end to end, in Chromium: a two-service workspace with real probes (tcp and http on
 * the services' ports) is started in dependency order, one service is killed and seen healed and
 * audited, and an embedded terminal is typed into.
 */
describe('operating services from the web console (Chromium)', () => {
  it('starts two services in order, heals the one that is killed, audits it, and takes typing in a terminal', async () => {
    const { socket } = privateTmux();
    const dbPort = await freePort();
    const apiPort = await freePort();
    const { engine, server, page } = await consoleInBrowser(
      `version: 1
name: e2e shop
tmux: { socket: ${socket} }
services:
  db:
    description: Primary database
    start: [node, -e, "setTimeout(() => require('net').createServer((s) => s.end()).listen(${dbPort}, '127.0.0.1'), 300)"]
    probes: [{ tcp: "127.0.0.1:${dbPort}", every: 1s, timeout: 500ms }]
    autostart: false
  api:
    description: Public API
    start: [node, -e, "require('http').createServer((q, s) => { const db = require('net').connect(${dbPort}, '127.0.0.1'); db.on('connect', () => { db.destroy(); s.end('ok'); }); db.on('error', () => { s.statusCode = 503; s.end('no db'); }); }).listen(${apiPort}, '127.0.0.1'); setInterval(() => console.log('api is serving'), 500)"]
    depends_on: [db]
    tmux: true
    probes: [{ http: "http://127.0.0.1:${apiPort}/", every: 1s, timeout: 500ms }]
    restart: { backoff: 200ms..5s }
    autostart: false
`,
      { viewport: { width: 1366, height: 820 } },
    );
    await page.goto(`${server.url}/#/services`);
    await page.getByTestId('service-row-api').waitFor();

    // Start all: db first; api only once db's probe passes.
    await page.getByTestId('start-all').click();
    await page.locator('[data-testid="operation-panel"][data-done="true"]').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('progress-db').getAttribute('data-step')).resolves.toBe('ready');
    await expect(page.getByTestId('progress-api').getAttribute('data-step')).resolves.toBe('ready');
    await page.locator('[data-testid="service-row-api"][data-status="up"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="service-row-db"][data-status="up"]').waitFor();
    const starts = engine.operate.audit.list({ action: 'start', limit: 10 });
    const dbStart = starts.find((entry) => entry.target === 'db');
    const apiStart = starts.find((entry) => entry.target === 'api');
    expect(dbStart?.outcome).toBe('ok');
    expect(apiStart?.outcome).toBe('ok');
    expect(apiStart?.at).toBeGreaterThanOrEqual((dbStart?.at as number) + (dbStart?.durationMs as number));
    await screenshot(page, 'e2e-operate-started');

    // Kill api from outside: it is restarted and healthy again, with a new pid.
    const pid = Number(await page.getByTestId('pid-api').textContent());
    expect(isAlive(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => (await page.getByTestId('restarts-api').textContent())?.trim() === '1', { timeoutMs: 15_000, what: 'the restart to show' });
    await page.locator('[data-testid="service-row-api"][data-status="up"]').waitFor({ timeout: 15_000 });
    const healedPid = Number(await page.getByTestId('pid-api').textContent());
    expect(healedPid).not.toBe(pid);
    expect(isAlive(healedPid)).toBe(true);
    await screenshot(page, 'e2e-operate-healed');

    // db is stopped: api's checks fail because of it, so api waits for db (yellow, saying so), not restarted.
    const context = contextAs('admin', 'operator');
    await engine.dispatch('services.stop', { services: ['db'] }, context);
    await page.locator('[data-testid="service-row-api"][data-status="waiting"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('reason-api').textContent()).resolves.toMatch(/^waiting for db: db is stopped/);
    await expect(page.getByTestId('service-row-api').textContent()).resolves.toContain('waiting');
    await screenshot(page, 'e2e-operate-waiting');
    await engine.dispatch('services.start', { services: ['db'] }, context);
    await page.locator('[data-testid="service-row-api"][data-status="up"]').waitFor({ timeout: 15_000 });
    expect(Number(await page.getByTestId('pid-api').textContent())).toBe(healedPid);
    expect(engine.operate.audit.list({ target: 'api', action: 'restart', limit: 10 })).toHaveLength(1);

    // The restart is in the audit log: by the supervisor, on api, ok.
    await page.goto(`${server.url}/#/audit`);
    const restartRow = page
      .locator('[data-testid^="audit-row-"]')
      .filter({ hasText: /supervisor\s*restart\s*api/ })
      .first();
    await restartRow.waitFor();
    await expect(restartRow.textContent()).resolves.toMatch(/supervisor\s*restart\s*api\s*ok/);
    await screenshot(page, 'e2e-operate-audit');

    // api runs in tmux: its window opens as an embedded terminal and shows its output.
    await page.goto(`${server.url}/#/terminals/${encodeURIComponent('e2e-shop:api')}`);
    const apiTerminal = page.locator('.zervigo-terminal').first();
    await waitFor(async () => (await apiTerminal.textContent())?.includes('api is serving'), { timeoutMs: 10_000, what: 'the api window in the terminal' });

    // A shell: typed keys reach it and its answer comes back.
    await page.getByTestId('new-shell').click();
    const shell = page.locator('.zervigo-terminal').nth(1);
    await shell.click();
    await page.keyboard.type('echo typed-$((6*7))-ok');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await shell.textContent())?.includes('typed-42-ok'), { timeoutMs: 10_000, what: 'the shell to answer' });
    await screenshot(page, 'e2e-operate-terminal');
  });
});
