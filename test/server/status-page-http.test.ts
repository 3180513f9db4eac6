import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import type { PublicStatusPage } from '../../src/shared/types/status-page';
import { freePort } from '../helpers/free-port';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOSTILE_TITLE = `Shop <script>alert("title")</script> & "friends"`;
const HOSTILE_NAME = `</span><img src=x onerror=alert(1)> Checkout`;
const HOSTILE_NOTE = `<script>document.title='pwned'</script> payments "slow" & <b>retrying</b>`;
/** What must never be visible through the page: the probes' targets, the hidden service, secrets, a log line. */
const SECRET_PATH = '/health-secret-path-7f3a';
const HIDDEN_SERVICE = 'ledger-internal';
const ENV_SECRET = 'sk_live_very_secret_value';

async function serve(options: { statusPage?: string } = {}) {
  const target = await startTarget({ [SECRET_PATH]: (_request, response) => response.end('ok') });
  const closedPort = await freePort();
  const statusPage =
    options.statusPage ??
    `status_page:
  slug: shop
  title: ${JSON.stringify(HOSTILE_TITLE)}
  description: ${JSON.stringify('Live status of the shop.\n<i>Second line</i>')}
  heartbeats: 20
  services:
    - { service: api, name: ${JSON.stringify(HOSTILE_NAME)} }
    - payments
`;
  const workspace = `version: 1
services:
  api:
    env: { STRIPE_KEY: ${ENV_SECRET} }
    probes: [{ http: "${target.url}${SECRET_PATH}", every: 100ms }]
  payments:
    probes: [{ tcp: "127.0.0.1:${closedPort}", every: 100ms, retries: 0 }]
  ${HIDDEN_SERVICE}:
    probes: [{ http: "${target.url}/${HIDDEN_SERVICE}", every: 100ms }]
${statusPage}`;
  const dataDir = tempDir();
  const file = writeFile(tempDir(), 'zervigo.yaml', workspace);
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, probeSpreadMs: 0 });
  cleanups.push(() => engine.stop());
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  cleanups.push(() => server.close());
  const get = (route: string, init: RequestInit = {}) => fetch(`${server.url}${route}`, { ...init, redirect: 'manual' });
  const rpc = (command: string, input: unknown) =>
    fetch(`${server.url}/api/v1/rpc/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  const rest = (method: string, route: string, input: unknown) =>
    fetch(`${server.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  return { engine, server, token, target, closedPort, get, rpc, rest };
}

/** Waits until both services have a few checks and their states are known, so the page has something to show. */
async function settled(engine: Engine): Promise<PublicStatusPage> {
  return waitFor(
    () => {
      const page = engine.statusPage.publicPage('shop');
      return (
        page !== null &&
        page.services.every((service) => service.beats.length >= 3 && service.state !== 'unknown') &&
        page.services[0]?.state === 'operational' &&
        page.services[1]?.state === 'down' &&
        page
      );
    },
    { timeoutMs: 10_000, what: 'checks of both services' },
  );
}

describe('the public status page over HTTP', () => {
  it('answers without a token, with the chosen services, their states, heartbeat bars and availability, all escaped', async () => {
    const { engine, get } = await serve();
    await settled(engine);
    const response = await waitFor(
      async () => {
        const answer = await get('/status/shop');
        const html = await answer.text();
        return html.includes('Operational') && html.includes('Down') && !html.includes('24 h –') && { answer, html };
      },
      { timeoutMs: 15_000, what: 'the page with availability' },
    );
    expect(response.answer.status).toBe(200);
    expect(response.answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.answer.headers.get('cache-control')).toBe('public, max-age=15');
    // Rendered and compressed once per rebuild: a browser gets it gzipped.
    expect(response.answer.headers.get('content-encoding')).toBe('gzip');
    expect(response.answer.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { html } = response;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<i>');
    expect(html).toContain('Shop &#60;script&#62;alert(&#34;title&#34;)&#60;/script&#62; &#38; &#34;friends&#34;');
    expect(html).toContain('&#60;/span&#62;&#60;img src=x onerror=alert(1)&#62; Checkout');
    expect(html).toContain('Some systems are down');
    // Availability from the stored checks: the failing service's is 0, the passing one's a percentage.
    const uptimes = [...html.matchAll(/class="uptime"[^>]*>([^<]*)/g)].map((match) => match[1]);
    expect(uptimes[0]).toMatch(/^24 h \d+(\.\d+)? % · 30 d \d+(\.\d+)? %$/);
    expect(uptimes[1]).toBe('24 h 0 % · 30 d 0 %');
    expect((html.match(/class="beat /g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('<meta http-equiv="refresh" content="60">');
    // The console's bundle is never loaded: the page has no script and no external resource at all.
    expect(html).not.toMatch(/<(script|link|iframe|img)\b|\ssrc="/i);
  });

  it('shows incident notes written through the contract, newest first with their updates, escaped', async () => {
    const { get, rpc, rest } = await serve();
    const first = (await (await rpc('statusPage.notes.create', { title: 'Slow checkout', body: 'Looking into it.', impact: 'minor' })).json()) as {
      id: number;
    };
    const second = await rpc('statusPage.notes.create', { title: HOSTILE_NOTE, body: HOSTILE_NOTE, impact: 'major', state: 'identified' });
    expect(second.status).toBe(200);
    // The REST routes the README shows.
    const updated = await rest('POST', `/status-page/notes/${first.id}/updates`, { body: 'A fix is rolling out.', state: 'monitoring' });
    expect(updated.status).toBe(200);
    expect((await rest('POST', `/status-page/notes/${first.id}/resolve`, {})).status).toBe(200);
    const html = await waitFor(async () => {
      const text = await (await get('/status/shop')).text();
      return text.includes('This incident has been resolved.') && text;
    });
    expect(html).not.toMatch(/<script|<b>retrying/i);
    expect(html).toContain('&#60;script&#62;document.title=&#39;pwned&#39;&#60;/script&#62; payments &#34;slow&#34; &#38; &#60;b&#62;retrying&#60;/b&#62;');
    // Newest note first; within a note, newest update first.
    expect(html.indexOf('pwned')).toBeLessThan(html.indexOf('Slow checkout'));
    const slow = html.slice(html.indexOf('Slow checkout'));
    expect(slow.indexOf('This incident has been resolved.')).toBeLessThan(slow.indexOf('A fix is rolling out.'));
    expect(slow.indexOf('A fix is rolling out.')).toBeLessThan(slow.indexOf('Looking into it.'));
    // An update to a resolved note is refused.
    expect((await rpc('statusPage.notes.update', { id: first.id, body: 'again' })).status).toBe(409);
  });

  it('walks every route under /status/: only the page answers, with nothing outside its public fields', async () => {
    const { engine, get, target, closedPort, token } = await serve();
    const page = await settled(engine);
    // The snapshot the page is rendered from holds only the public fields.
    expect(keysOf(page)).toEqual(
      [
        'availability',
        'availability.24h',
        'availability.30d',
        'beats',
        'beats.at',
        'beats.latencyMs',
        'beats.status',
        'description',
        'generatedAt',
        'name',
        'notes',
        'overall',
        'services',
        'slug',
        'state',
        'title',
      ].sort(),
    );
    const forbidden = [
      SECRET_PATH,
      HIDDEN_SERVICE,
      ENV_SECRET,
      'STRIPE_KEY',
      target.url,
      String(target.port),
      String(closedPort),
      token,
      'refused',
      'ECONNREFUSED',
      'api/http',
      'payments/tcp',
      '127.0.0.1',
      'api/v1',
    ];
    const routes = [
      '/status/shop',
      '/status/shop?x=1',
      '/status',
      '/status/',
      '/status/other',
      '/status/shop/',
      '/status/shop/notes',
      '/status/shop/..%2f..%2fapi%2fv1%2fservices',
      '/status/SHOP',
    ];
    for (const route of routes) {
      for (const method of ['GET', 'HEAD']) {
        const response = await get(route, { method });
        const body = await response.text();
        for (const secret of forbidden) expect(body, `${method} ${route} shows ${secret}`).not.toContain(secret);
        if (route.startsWith('/status/shop') && !route.startsWith('/status/shop/')) expect(response.status, route).toBe(200);
        else expect(response.status, `${method} ${route}`).toBe(404);
        if (response.status === 404) expect(response.headers.get('cache-control') ?? 'none', `${method} ${route}`).not.toContain('public');
      }
    }
    // Every visible text of the page is one of its public values or the page's own words.
    const html = await (await get('/status/shop')).text();
    const allowed = new Set([...wordsOf(JSON.stringify(valuesOf(page))), ...PAGE_WORDS]);
    const shown = wordsOf(visibleText(html)).filter((word) => !allowed.has(word) && !/^\d+$/.test(word));
    expect(shown).toEqual([]);
  });

  it('is read-only: every other method is refused, and the API still needs the token', async () => {
    const { get } = await serve();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await get('/status/shop', { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await get('/api/v1/services')).status).toBe(401);
    expect((await get('/api/v1/status-page/notes')).status).toBe(401);
    expect((await get('/api/v1/rpc/statusPage.notes.create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(
      401,
    );
    expect((await get('/metrics')).status).toBe(401);
    // The Host check against DNS rebinding covers the page too.
    const rebound = await statusWithHost(new URL((await get('/status/shop')).url), 'evil.example');
    expect(rebound).toBe(403);
  });

  it('answers 404 when the page is disabled, when the workspace has none, and for another slug', async () => {
    const disabled = await serve({ statusPage: 'status_page: { slug: shop, title: Shop, services: [api], enabled: false }\n' });
    const answer = await disabled.get('/status/shop');
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('Shop<');
    const none = await serve({ statusPage: '' });
    expect((await none.get('/status/shop')).status).toBe(404);
    const other = await serve({ statusPage: 'status_page: { slug: shop, title: Shop, services: [api] }\n' });
    expect((await other.get('/status/shop')).status).toBe(200);
    expect((await other.get('/status/store')).status).toBe(404);
  });
});

/** A GET with another Host header (fetch keeps its own), as a rebinding page's request arrives. */
function statusWithHost(url: URL, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
}

/** The page's own words (headings, states, legends), which carry no data. */
const PAGE_WORDS = wordsOf(
  'Not found There is no status page here Incidents Services No services are shown All systems operational Some systems are degraded Some systems are down No data yet Operational Degraded Down Updated this page refreshes every s older now no checks yet the last checks availability over the last hours and days h d UTC Notice Minor Major Maintenance Investigating Identified Monitoring Resolved up pending down ms',
);

function wordsOf(text: string): string[] {
  return text
    .replace(/\\n/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
}

function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
}

/** Text nodes and attribute values of the HTML, outside <style>. */
function visibleText(html: string): string {
  const body = html.replace(/<style>[\s\S]*?<\/style>/g, '');
  const attributes = [...body.matchAll(/\s(?:title|aria-label)="([^"]*)"/g)].map((match) => match[1] ?? '');
  const texts = body.replace(/<[^>]*>/g, ' ');
  return decode([...attributes, texts].join(' ')).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ' ');
}

function valuesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(valuesOf);
  return [value];
}

function keysOf(value: unknown, prefix = ''): string[] {
  const keys = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, path));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const next = path === '' || ['services', 'notes'].includes(path) ? key : `${path}.${key}`;
      keys.add(next);
      walk(child, next);
    }
  };
  walk(value, prefix);
  return [...keys].sort();
}
