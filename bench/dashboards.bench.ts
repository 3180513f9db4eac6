import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DATABASE_FILE_NAME } from '../src/core/data-dir';
import { openDatabase } from '../src/core/store/database';
import { SeriesStore } from '../src/core/store/series-store';
import { percentile, printFigures, type Figure } from './report';
import { assertBuilt, root, sleep, stop } from './serve-process';

/**
 * A dashboard of 12 panels over 24 h (6 time series, 2 stats, a gauge, a bar, a table and the
 * services' status, on 20 services' probe series sampled every 30 s) in Chromium against
 * `zervigo serve`: the time from opening it until every panel has drawn its data. Beside it,
 * in the same run and browser, the Overview page until its 20 service cards are drawn.
 * Measured both as an in-console navigation (the console is loaded) and as a cold page load,
 * with where the time went (the page's own Resource Timing): until the first query left, until
 * the last answer came, and the drawing after it.
 *
 * ZERVIGO_BENCH_BASELINE_BUILD=DIR (a copy of another build's bin/ and out/, e.g. before a change)
 * measures that build too, in the same run, on a copy of the same data, runs interleaved.
 */
const SERVICES = 20;
const RUNS = 7;
const HOUR = 3_600_000;

const dashboardYaml = `dashboards:
  bench:
    title: Bench
    time: 24h
    variables: [{ name: service }]
    panels:
      - { kind: timeseries, title: Latency by service, query: 'avg by (service) (probe_duration_seconds)', x: 0, y: 0, w: 12, h: 8 }
      - { kind: timeseries, title: Latency of $service, query: 'probe_duration_seconds{service="$service"}', x: 12, y: 0, w: 12, h: 8, thresholds: [{ value: 0.2, color: red }] }
      - { kind: timeseries, title: Success, query: 'avg by (service) (probe_success)', x: 0, y: 8, w: 8, h: 8 }
      - { kind: timeseries, title: Max latency, query: 'max(probe_duration_seconds)', x: 8, y: 8, w: 8, h: 8 }
      - { kind: timeseries, title: Checks, query: 'sum(probe_success)', x: 16, y: 8, w: 8, h: 8 }
      - { kind: timeseries, title: CPU, query: 'process_cpu_usage_percent', x: 0, y: 16, w: 12, h: 8 }
      - { kind: stat, title: Up, query: 'sum(probe_success)', x: 12, y: 16, w: 4, h: 4 }
      - { kind: stat, title: Slowest, query: 'max(probe_duration_seconds)', x: 16, y: 16, w: 4, h: 4, unit: seconds }
      - { kind: gauge, title: CPU now, query: 'avg(process_cpu_usage_percent)', x: 20, y: 16, w: 4, h: 4, unit: percent }
      - { kind: bar, title: Latency now, query: 'probe_duration_seconds', x: 12, y: 20, w: 6, h: 8 }
      - { kind: table, title: Success now, query: 'probe_success', x: 18, y: 20, w: 6, h: 8 }
      - { kind: services, title: Services, x: 0, y: 24, w: 12, h: 6 }
`;

/** 24 h of the series the panels read, written through the store as a running console would have. */
export async function seed(dataDir: string, now: number): Promise<number> {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
  let clock = now - 24 * HOUR;
  const store = new SeriesStore(db, () => clock);
  let samples = 0;
  for (let at = now - 24 * HOUR; at <= now; at += 30_000) {
    clock = at;
    for (let s = 0; s < SERVICES; s++) {
      const labels = { service: `svc${s}`, probe: 'http#0', instance: `http://127.0.0.1/svc${s}` };
      store.writer.appendNamed('probe_success', labels, at, (at / 30_000 + s) % 97 === 0 ? 0 : 1);
      store.writer.appendNamed('probe_duration_seconds', labels, at, 0.02 + ((at / 60_000 + s * 7) % 50) / 1000);
      store.writer.appendNamed('process_cpu_usage_percent', { service: `svc${s}` }, at, 5 + ((at / 300_000 + s) % 20));
      samples += 3;
    }
    if (samples % 6000 === 0) store.writer.flush();
  }
  store.writer.flush();
  clock = now;
  await store.maintain(now);
  db.close();
  return samples;
}

export async function serveWithLogin(dataDir: string, workspace: string, build = root): Promise<{ child: ChildProcess; url: string; login: string }> {
  const child = spawn(process.execPath, [path.join(build, 'bin', 'zervigo.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 600; i++) {
    const login = /sign in\s+(http\S+)/.exec(output)?.[1];
    if (login !== undefined) return { child, url: new URL(login).origin, login };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`zervigo serve did not start:\n${output}`);
}

/** In the page: every panel shows its data (a chart, a value, rows), not a loader. */
const dashboardDrawn = `(() => {
  const panels = [...document.querySelectorAll('[data-testid=dashboard-panel]')];
  if (panels.length !== 12) return false;
  return panels.every((panel) => panel.querySelector('canvas, [data-testid=panel-stat], [data-testid=panel-gauge], [data-testid=panel-bar], [data-testid=panel-table], [data-testid=panel-services], [data-testid=panel-error], [data-testid=panel-empty]') !== null
    && panel.querySelector('.mantine-Loader-root') === null);
})()`;
const overviewDrawn = `document.querySelectorAll('[data-testid^=service-card-]').length === ${SERVICES}`;

/** A navigation's time until drawn, and when its first query left and its last answer came (ms from the start). */
interface Timed {
  drawn: number;
  firstRequest: number;
  lastAnswer: number;
  /** Metric requests sent, and the bytes of their answers (decoded). */
  requests: number;
  answerBytes: number;
}

/**
 * Navigates inside the loaded console (hash change) and times until `drawn`, checked every frame.
 * A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
async function timeNavigation(page: Page, hash: string, drawn: string): Promise<Timed> {
  return page.evaluate<Timed>(`new Promise((resolve, reject) => {
    performance.clearResourceTimings();
    const start = performance.now();
    window.location.hash = ${JSON.stringify(hash)};
    const check = () => {
      if (${drawn}) {
        const queries = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/rpc/metrics.'));
        resolve({
          drawn: performance.now() - start,
          firstRequest: Math.min(...queries.map((entry) => entry.startTime)) - start,
          lastAnswer: Math.max(...queries.map((entry) => entry.responseEnd)) - start,
          requests: queries.length,
          answerBytes: queries.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
        });
      } else if (performance.now() - start > 30000) reject(new Error('not drawn in 30 s: ${hash}'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/** A cold load of the page at `url`: from navigation start until `drawn`. */
async function timeColdLoad(page: Page, url: string, drawn: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(drawn, undefined, { timeout: 30_000, polling: 'raf' });
  return page.evaluate<number>('performance.now()');
}

interface Figures {
  dashboard: Timed[];
  overview: number[];
  dashboardCold: number[];
  overviewCold: number[];
}

/** One build's console, signed in, in its own page. */
async function openConsole(browser: Browser, dataDir: string, workspace: string, build: string) {
  const server = await serveWithLogin(dataDir, workspace, build);
  // The console's CSP forbids eval, which the timing probes below are evaluated with.
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  await page.goto(server.login);
  await page.waitForFunction(overviewDrawn, undefined, { timeout: 30_000 });
  // One of each first, unmeasured: the code and the store's pages are warm for every measured run.
  await timeNavigation(page, '#/dashboards/bench', dashboardDrawn);
  const figures: Figures = { dashboard: [], overview: [], dashboardCold: [], overviewCold: [] };
  return { ...server, page, figures };
}

const median = (values: number[]): number => percentile(values, 50);

export async function run(): Promise<void> {
  assertBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-dashboards-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const workspace = path.join(dir, 'zervigo.yaml');
  const services = Array.from({ length: SERVICES }, (_, s) => `  svc${s}: {}`).join('\n');
  fs.writeFileSync(workspace, `version: 1\nname: bench\nmachine: false\nservices:\n${services}\n${dashboardYaml}`);
  const samples = await seed(dataDir, Date.now());
  const baselineBuild = process.env.ZERVIGO_BENCH_BASELINE_BUILD;
  const baselineData = path.join(dir, 'baseline-data');
  if (baselineBuild !== undefined) fs.cpSync(dataDir, baselineData, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.ZERVIGO_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const consoles: Awaited<ReturnType<typeof openConsole>>[] = [];
  try {
    consoles.push(await openConsole(browser, dataDir, workspace, root));
    if (baselineBuild !== undefined) consoles.push(await openConsole(browser, baselineData, workspace, path.resolve(baselineBuild)));
    for (let i = 0; i < RUNS; i++) {
      for (const { page, figures } of consoles) {
        await timeNavigation(page, '#/settings', 'true');
        figures.overview.push((await timeNavigation(page, '#/', overviewDrawn)).drawn);
        await timeNavigation(page, '#/settings', 'true');
        figures.dashboard.push(await timeNavigation(page, '#/dashboards/bench', dashboardDrawn));
      }
    }
    for (let i = 0; i < RUNS; i++) {
      for (const { page, url, figures } of consoles) {
        figures.overviewCold.push(await timeColdLoad(page, `${url}/#/`, overviewDrawn));
        figures.dashboardCold.push(await timeColdLoad(page, `${url}/#/dashboards/bench`, dashboardDrawn));
      }
    }
    const rows = (label: string, figures: Figures, target: boolean): Figure[] => [
      {
        name: `dashboard, opened in the console${label}`,
        value: median(figures.dashboard.map((one) => one.drawn)),
        unit: 'ms',
        ...(target ? { target: { op: '<=' as const, value: 500 } } : {}),
      },
      { name: `… until its first query left${label}`, value: median(figures.dashboard.map((one) => one.firstRequest)), unit: 'ms' },
      { name: `… until its last answer came${label}`, value: median(figures.dashboard.map((one) => one.lastAnswer)), unit: 'ms' },
      { name: `… drawing after the last answer${label}`, value: median(figures.dashboard.map((one) => one.drawn - one.lastAnswer)), unit: 'ms' },
      { name: `… metric requests${label}`, value: median(figures.dashboard.map((one) => one.requests)), unit: '' },
      { name: `… their answers${label}`, value: median(figures.dashboard.map((one) => one.answerBytes)) / 1024, unit: 'KiB' },
      { name: `overview, opened in the console (baseline)${label}`, value: median(figures.overview), unit: 'ms' },
      { name: `dashboard, cold page load${label}`, value: median(figures.dashboardCold), unit: 'ms' },
      { name: `overview, cold page load (baseline)${label}`, value: median(figures.overviewCold), unit: 'ms' },
      { name: `dashboard, opened in the console, slowest${label}`, value: Math.max(...figures.dashboard.map((one) => one.drawn)), unit: 'ms' },
    ];
    const [current, baseline] = consoles;
    printFigures(
      `Dashboards: 12 panels over 24 h (${SERVICES} services, ${(samples / 1000).toFixed(0)}k samples at 30 s) in Chromium, median of ${RUNS}; baseline: the Overview page (${SERVICES} service cards), same run (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`,
      [...rows('', current!.figures, true), ...(baseline === undefined ? [] : rows(` [${baselineBuild}]`, baseline.figures, false))],
    );
  } finally {
    await browser.close();
    for (const { child } of consoles) await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
