import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { pages } from '../../src/renderer/src/shell/pages';
import { openBrowser } from '../helpers/browser';
import { runCli, startServe, stopProcess, type ServeProcess } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { HttpReceiver } from '../helpers/http-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { privateTmux } from '../helpers/tmux-server';
import { waitFor } from '../helpers/wait-for';
import { clippedCode, crowdedInputs, horizontalOffenders, pageOverflow, screenshotFolder, settled, smallTargets, truncatedTexts } from './layout-fit';

/** A desktop, the phone the issue names (390), the most common small iPhone (375) and a small Android (360). */
const sizes = [
  { name: '1440', width: 1440, height: 900, screenshot: true },
  { name: '390', width: 390, height: 844, screenshot: false },
  { name: '375', width: 375, height: 812, screenshot: true },
  { name: '360', width: 360, height: 740, screenshot: false },
] as const;
const PHONE = { width: 375, height: 812 };
/** Photographing every view at two sizes in two schemes about doubles the run. */
const SCREENSHOTS_TOO = screenshotFolder() !== null;
/** The smallest target a thumb hits reliably (Apple's and Google's guidance: 44 pt / 48 dp). */
const THUMB_PX = 44;
/** Every other control on a phone: a fingertip's target. */
const TAP_PX = 40;

/** A service that serves HTTP and writes a realistic mix of log lines to its output. */
const apiScript = (port: number) => `
const http = require('http');
http.createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1');
let n = 0;
setInterval(() => {
  n++;
  console.log('INFO GET /api/orders/' + n + ' 200 in ' + (10 + n % 7) + ' ms');
  if (n % 5 === 0) console.log('WARN slow query on orders took ' + (900 + n) + ' ms');
  if (n % 9 === 0) console.error('ERROR payment provider refused order ' + n + ': {"code":"card_declined","trace":"' + 'a1b2c3d4'.repeat(30) + '"}');
}, 250);
`;

function workspace(ports: { db: number; api: number; web: number; closed: number }, socket: string, receiver: string): string {
  return `version: 1
name: shop
environment: prod
tmux: { socket: ${socket} }
environments:
  staging: {}
  prod: { confirm_destructive: true }
services:
  db:
    description: Primary database
    start: [node, -e, "require('net').createServer((s) => s.end()).listen(${ports.db}, '127.0.0.1')"]
    probes: [{ tcp: "127.0.0.1:${ports.db}", every: 1s }]
  api:
    description: Public API
    start: [node, -e, ${JSON.stringify(apiScript(ports.api))}]
    depends_on: [db]
    env: { PORT: "${ports.api}", API_TOKEN: s3cr3t, DATABASE_URL: "postgres://app:hunter2@127.0.0.1:${ports.db}/shop" }
    probes: [{ http: "http://127.0.0.1:${ports.api}/health", every: 1s }]
  web:
    description: Storefront, in tmux
    start: [node, -e, "require('http').createServer((q, s) => s.end('ok')).listen(${ports.web}, '127.0.0.1'); setInterval(() => console.log('web rendered /'), 1000)"]
    depends_on: [api]
    tmux: true
    probes: [{ http: "http://127.0.0.1:${ports.web}/", every: 1s }]
  worker:
    description: Background jobs, no probes
    start: [node, -e, "let n = 0; setInterval(() => console.log('job ' + n++ + ' processed in 12 ms'), 700)"]
  flaky:
    description: Crash-loops on a missing setting
    start: [sh, -c, "echo 'FATAL missing setting PAYMENT_KEY'; sleep 0.5; exit 1"]
    restart: { backoff: 2s..2s, budget: 50 within 10m }
  payments:
    description: The payment gateway, watched only
    probes: [{ http: "http://127.0.0.1:${ports.closed}/health", every: 1s, retries: 0 }]
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.service }} is down: its checks fail" }
  - alert: ApiSlow
    expr: probe_duration_seconds{service="api"} > 2
    for: 1m
    labels: { severity: warning, service: api }
    annotations: { summary: "api answers slowly ({{ $value }} s)" }
routes:
  - notify: [desktop, ops-hook]
    group_wait: 0s
    mute_when: [maintenance]
    continue: true
  # Ada is paged when payments is down (the wait leaves time to add her account).
  - match: { service: payments }
    notify: [oncall:primary]
    group_wait: 10s
time_windows:
  maintenance: [{ weekdays: [sun], times: "02:00-04:00" }]
channels:
  desktop: { desktop: true }
  ops-hook: { webhook: { url: "${receiver}/alerts" } }
on_call:
  contacts: { ada: [ops-hook] }
  schedules:
    primary:
      time_zone: Europe/Berlin
      layers:
        - { people: [ada], length: weekly, hand_off: "09:00", start: "2020-01-06" }
        - { people: [ada], start: "2020-01-06", restrictions: [{ weekdays: [mon, tue, wed, thu, fri], times: "09:00-17:00" }] }
  escalations:
    primary:
      levels: [{ schedule: primary, after: 30m }]
`;
}

interface View {
  name: string;
  /** The hash route, or null to stay where the previous view left the page. */
  route: string | null;
  /** What must be on screen before it is measured; may also act (open a tab, a drawer). */
  ready: (page: Page) => Promise<void>;
}

const visible = (page: Page, selector: string, timeout = 20_000) => page.locator(selector).first().waitFor({ timeout });
const clickTab = async (page: Page, name: string | RegExp) => {
  await page.getByRole('tab', { name }).click();
};
const closeDialogs = async (page: Page) => {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
};

/** Every page of the console, its tabs, a drawer and the dialogs an operator opens on a phone. */
const views: View[] = [
  { name: 'overview', route: '/', ready: (page) => visible(page, '[data-testid="service-card-payments"][data-status="down"]') },
  { name: 'services', route: '/services', ready: (page) => visible(page, '[data-testid="service-row-api"]') },
  { name: 'service-api', route: '/services/api', ready: (page) => visible(page, '[data-testid="chart-latency"] canvas') },
  { name: 'service-api-probes', route: null, ready: async (page) => (await clickTab(page, /Probes/), visible(page, '[data-testid="probes-table"]')) },
  { name: 'service-api-output', route: null, ready: async (page) => (await clickTab(page, 'Output'), visible(page, 'text=GET /api/orders')) },
  {
    name: 'service-api-environment',
    route: null,
    ready: async (page) => (await clickTab(page, 'Environment'), visible(page, '[data-testid="env-API_TOKEN"]')),
  },
  { name: 'service-flaky', route: '/services/flaky', ready: (page) => visible(page, '[data-testid="timeline-entry"]') },
  { name: 'service-payments', route: '/services/payments', ready: (page) => visible(page, '[data-testid="service-reason"]') },
  { name: 'alerts', route: '/alerts', ready: (page) => visible(page, '[data-testid="alert-row-ServiceDown"]') },
  {
    name: 'alerts-history',
    route: null,
    ready: async (page) => (
      await page.getByTestId('alert-row-ServiceDown').first().getByTestId('alert-more').click(),
      await page.getByTestId('alert-menu-history').click(),
      visible(page, '[data-testid="alert-timeline"]')
    ),
  },
  {
    name: 'alerts-silence-dialog',
    route: null,
    ready: async (page) => (
      await closeDialogs(page),
      await page.getByTestId('alert-row-ServiceDown').first().getByTestId('alert-silence').click(),
      visible(page, '[data-testid="silence-submit"]')
    ),
  },
  {
    name: 'alerts-silences',
    route: null,
    ready: async (page) => (await closeDialogs(page), await clickTab(page, /Silences/), visible(page, '[data-testid="silence-row"]')),
  },
  {
    name: 'alerts-notifications',
    route: null,
    ready: async (page) => (await clickTab(page, /Notifications/), visible(page, '[data-testid="notification-log"]')),
  },
  // payments is down from its first check: an incident with payments as its likely cause.
  { name: 'incidents', route: '/incidents', ready: (page) => visible(page, '[data-testid^="incident-row-"] [data-testid="incident-top-cause"]') },
  {
    name: 'incident-detail',
    route: null,
    ready: async (page) => (await page.locator('[data-testid^="incident-row-"]').first().click(), visible(page, '[data-testid="incident-cause"]')),
  },
  {
    name: 'incident-explain',
    route: null,
    ready: async (page) => (await page.getByTestId('incident-detail').getByTestId('explain').click(), visible(page, '[data-testid="explain-line"]')),
  },
  { name: 'rules', route: '/rules', ready: (page) => visible(page, '[data-testid="rule-row-ServiceDown"]') },
  { name: 'logs', route: '/logs', ready: (page) => visible(page, '[data-testid="log-row"]') },
  { name: 'terminals', route: '/terminals', ready: (page) => visible(page, '[data-testid="tmux-window-shop-web"]') },
  {
    name: 'terminals-open',
    route: null,
    ready: async (page) => (await page.getByTestId('tmux-window-shop-web').click(), visible(page, '[data-testid^="terminal-tab-"]')),
  },
  { name: 'config', route: '/config', ready: (page) => visible(page, '[data-testid="config-editor-host"] .cm-content') },
  {
    name: 'config-history-diff',
    route: null,
    ready: async (page) => (
      await page.getByTestId('config-history').getByRole('checkbox').last().check(),
      await page.getByTestId('history-compare').click(),
      visible(page, '[data-testid="workspace-diff"]')
    ),
  },
  { name: 'oncall', route: '/oncall', ready: (page) => visible(page, '[data-testid="oncall-ack"]') },
  { name: 'audit', route: '/audit', ready: (page) => visible(page, '[data-testid="audit-table"]') },
  { name: 'settings', route: '/settings', ready: (page) => visible(page, '[data-testid="channel-row-ops-hook"]') },
  {
    name: 'settings-channel-form',
    route: null,
    ready: async (page) => (await page.getByTestId('channel-edit-ops-hook').click(), visible(page, '[data-testid="channel-form-save"]')),
  },
  { name: 'not-found', route: '/no-such-page', ready: async (page) => (await closeDialogs(page), visible(page, 'text=No such page')) },
];

/**
 * The consoles this test starts, stopped before the helpers' own clean-up kills the private tmux
 * server: hooks run last-registered first, and a console still running would start its tmux
 * service again on a new server that outlives the test.
 */
const consoles: ServeProcess[] = [];
afterEach(async () => {
  for (const started of consoles.splice(0)) await stopProcess(started.child);
});

describe('every page fits a phone (zervigo serve in Chromium)', () => {
  it(
    'at 390, 375 and 360 px wide no page scrolls sideways, every control takes a fingertip (40 px), the menu opens from the burger, dialogs fill the screen and ack, silence and restart take a thumb (44 px); at 1440 × 900 nothing overflows either',
    async () => {
      const { socket } = privateTmux();
      const [db, api, web, closed] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
      const receiver = await HttpReceiver.start();
      const dir = tempDir();
      const file = writeFile(dir, 'zervigo.yaml', workspace({ db, api, web, closed }, socket, receiver.url));
      const dataDir = tempDir();
      const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
      consoles.push(serve);
      const token = runCli(['token', '--data-dir', dataDir]).stdout.trim();
      const call = async (method: string, route: string, body?: unknown) => {
        const response = await fetch(`${serve.url}/api/v1${route}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
        return (await response.json()) as unknown;
      };
      // Ada is on call: paged when payments goes down.
      await call('POST', '/users', { name: 'ada', role: 'operator', password: 'correct horse ada battery' });
      // What a day of use leaves behind: a silence, and a second version of the workspace.
      await call('POST', '/silences', {
        matchers: [{ name: 'alertname', value: 'ApiSlow' }],
        duration: '2h',
        comment: 'known slow during the index rebuild, OPS-7',
        createdBy: 'Ada Lovelace',
      });
      const current = (await call('GET', '/workspace')) as { versionId: number; content: string };
      await call('PUT', '/workspace', {
        content: current.content.replace('name: shop', '# the shop, in production\nname: shop'),
        baseVersionId: current.versionId,
        confirm: true,
      });
      expect(path.basename(file)).toBe('zervigo.yaml');

      const browser = await openBrowser();
      const page = await browser.newPage({ viewport: PHONE });
      const folder = screenshotFolder();
      const problems: string[] = [];

      /** Measures the page as it is now at every size (and photographs it, when asked). */
      const measure = async (name: string): Promise<void> => {
        for (const size of sizes) {
          await page.setViewportSize({ width: size.width, height: size.height });
          await settled(page);
          let [overflow, offenders] = await Promise.all([pageOverflow(page), horizontalOffenders(page)]);
          if (overflow > 0 || offenders.length > 0) {
            // A toast that began to slide in after the page settled sticks out until it lands: measure
            // again once everything has settled; what still sticks out is a real overflow.
            await settled(page);
            [overflow, offenders] = await Promise.all([pageOverflow(page), horizontalOffenders(page)]);
          }
          if (overflow > 0 || offenders.length > 0) {
            problems.push(
              `${name} at ${size.width} × ${size.height}: the page scrolls ${overflow} px sideways${offenders.map((offender) => `\n    ${offender.what} spans ${offender.left}..${offender.right}`).join('')}`,
            );
          }
          // Readable, not squeezed to "pr…": every word of the header is whole.
          const cut = await truncatedTexts(page, 'header');
          if (cut.length > 0) problems.push(`${name} at ${size.width} × ${size.height}: cut short in the header: ${cut.join(', ')}`);
          // Examples and expressions wrap: a line cut at a card's edge is a line a phone's reader never sees.
          const clipped = await clippedCode(page);
          if (clipped.length > 0) problems.push(`${name} at ${size.width} × ${size.height}: code cut at its box's edge: ${clipped.join('; ')}`);
          // A field's own buttons (a clear button, a chevron) apart, and its text clear of them.
          const crowded = await crowdedInputs(page);
          if (crowded.length > 0) problems.push(`${name} at ${size.width} × ${size.height}: crowded fields: ${crowded.join('; ')}`);
          if (size.width === PHONE.width) {
            const small = await smallTargets(page, TAP_PX);
            if (small.length > 0)
              problems.push(
                `${name} at ${size.width} × ${size.height}: controls under ${TAP_PX} px${small.map((target) => `\n    ${target.what} is ${target.width} × ${target.height}`).join('')}`,
              );
          }
          if (folder !== null && size.screenshot) {
            // From the top: a fixed header photographed mid-page would cover what is under it.
            const scrolled = await page.evaluate(() => window.scrollY);
            await page.evaluate(() => window.scrollTo(0, 0));
            for (const scheme of ['light', 'dark'] as const) {
              await page.emulateMedia({ colorScheme: scheme });
              await settled(page);
              await page.screenshot({ path: path.join(folder, `${name}-${size.name}-${scheme}.png`), fullPage: true, animations: 'disabled' });
            }
            await page.emulateMedia({ colorScheme: 'light' });
            await page.evaluate((y) => window.scrollTo(0, y), scrolled);
          }
        }
        await page.setViewportSize(PHONE);
        await settled(page);
      };

      // Signed out: the sign-in screen.
      await page.goto(serve.url);
      await visible(page, '[data-testid="sign-in"]');
      await measure('sign-in');
      await page.goto(serve.loginLink);
      await visible(page, '[data-testid="service-card-web"]');

      const visited = new Set<string>();
      for (const view of views) {
        if (view.route !== null) {
          await page.goto(`${serve.url}/#${view.route}`);
          visited.add(view.route);
        }
        await view.ready(page);
        await measure(view.name);
      }
      // Pages added later are held to the same: each navigation entry is visited.
      for (const entry of pages.filter((candidate) => !visited.has(candidate.path))) {
        await page.goto(`${serve.url}/#${entry.path}`);
        await visible(page, 'main h2');
        await measure(`page-${entry.label}`);
      }

      expect(problems, `pages that do not fit:\n${problems.join('\n')}`).toEqual([]);

      // The navigation is a menu behind the burger on a phone; a pick goes there and closes it.
      await page.goto(`${serve.url}/#/`);
      const navigation = page.getByRole('navigation', { name: 'Pages' });
      await expect(navigation.isVisible()).resolves.toBe(true); // in the DOM, but off the screen:
      expect((await navigation.boundingBox())?.x ?? 0).toBeLessThan(0);
      await page.getByTestId('nav-burger').click();
      await waitFor(async () => ((await navigation.boundingBox())?.x ?? -1) >= 0, { what: 'the menu to slide in' });
      for (const entry of pages) await navigation.getByRole('link', { name: entry.label }).waitFor();
      await navigation.getByRole('link', { name: 'Alerts' }).click();
      await visible(page, '[data-testid="alert-row-ServiceDown"]');
      await waitFor(async () => ((await navigation.boundingBox())?.x ?? 0) < 0, { what: 'the menu to close after a pick' });
      // The header keeps the product, the environment and the health in view.
      for (const testId of ['brand', 'env-badge', 'health-summary']) {
        const box = await page.getByTestId(testId).first().boundingBox();
        expect(box, testId).not.toBeNull();
        expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= PHONE.width, `${testId} within the header`).toBe(true);
      }

      // Thumb-sized: acknowledge and silence on the alert, restart in the list and on the service's page.
      // Alerts fired meanwhile (flaky gives up) leave toasts a person would swipe away first.
      // (One at a time on a phone; the next waits its turn, so close until none is left.)
      const dismissToasts = async (): Promise<void> => {
        const close = page.locator('.mantine-Notification-root .mantine-CloseButton-root');
        await waitFor(
          async () => {
            if ((await close.count()) === 0) return true;
            // One sliding out is detached mid-click: the next round finds what is left.
            await close
              .first()
              .click({ timeout: 2_000 })
              .catch(() => undefined);
            return false;
          },
          { timeoutMs: 30_000, what: 'the toasts to be dismissed' },
        );
      };
      const thumb = async (locator: ReturnType<Page['getByTestId']>, what: string): Promise<void> => {
        await dismissToasts();
        await locator.scrollIntoViewIfNeeded();
        const box = await locator.boundingBox();
        expect(box, what).not.toBeNull();
        if (box === null) return;
        expect(box.height, `${what} is ${box.height} px tall`).toBeGreaterThanOrEqual(THUMB_PX);
        expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${what} within the screen`).toBe(true);
      };
      const alertRow = page.getByTestId('alert-row-ServiceDown').first();
      await thumb(alertRow.getByTestId('alert-ack'), 'Acknowledge');
      await thumb(alertRow.getByTestId('alert-silence'), 'Silence');
      // Dialogs take the whole phone screen.
      await alertRow.getByTestId('alert-ack').click();
      const dialog = page.getByRole('dialog');
      await waitFor(async () => ((await dialog.boundingBox())?.width ?? 0) >= PHONE.width - 1, { what: 'a full-screen acknowledge dialog' });
      await closeDialogs(page);
      await page.goto(`${serve.url}/#/services`);
      await thumb(page.getByTestId('restart-api'), 'Restart in the list');
      await page.getByTestId('restart-api').click();
      await waitFor(async () => ((await dialog.boundingBox())?.width ?? 0) >= PHONE.width - 1, { what: 'a full-screen confirmation' });
      await page.getByTestId('confirm-cancel').click();
      await page.goto(`${serve.url}/#/services/api`);
      await thumb(page.getByTestId('service-restart'), 'Restart on the service page');

      // A new workspace: every page shows its empty state, which must fit too.
      const emptyDir = tempDir();
      writeFile(emptyDir, 'zervigo.yaml', 'version: 1\nname: new\n');
      const empty = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: emptyDir });
      consoles.push(empty);
      await page.goto(empty.loginLink);
      for (const entry of pages) {
        await page.goto(`${empty.url}/#${entry.path}`);
        // A page's title, or the empty state that stands in for it.
        await visible(page, 'main h2, main h3, main .mantine-EmptyState-title');
        await measure(`empty-${entry.label.toLowerCase()}`);
      }
      expect(problems, `empty pages that do not fit:\n${problems.join('\n')}`).toEqual([]);
    },
    SCREENSHOTS_TOO ? 480_000 : 240_000,
  );
});
