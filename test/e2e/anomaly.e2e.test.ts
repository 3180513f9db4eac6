import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import type { AlertView } from '../../src/shared/types/alerts';
import type { InstantResult } from '../../src/shared/types/explore';
import { openBrowser, screenshot } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { horizontalOffenders, pageOverflow, settled } from './layout-fit';

/**
 * The analysis issue's whole path on a real service: a server answers its health check at once
 * until the test writes a delay into a file; the detector learns the quick answers from the probe's
 * own latency series, the delay makes it anomalous, a rule on `anomaly_score` fires, and the console
 * shows the anomaly on the Insights page and shades the service's latency chart.
 *
 * While the series is learned, a few answers are delayed 300-550 ms for one request each: what a
 * busy machine does to a probe, made certain. The shift to 450 ms is then no record and lands where
 * those blips went; it is raised because the blips never lasted and the shift does (persistence.ts).
 */
describe('an anomaly on a real service, end to end (zervigo serve in Chromium)', () => {
  it('learns a latency series, scores a shift in it, fires an anomaly_score rule, lists the anomaly and shades the charts', async () => {
    const port = await freePort();
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const delayFile = path.join(dir, 'delay-ms');
    fs.writeFileSync(delayFile, '0');
    // A one-request delay: the server answers the next request after it, once, and removes it.
    const blipFile = path.join(dir, 'blip-ms');
    writeFile(
      dir,
      'server.js',
      `const http = require('node:http'); const fs = require('node:fs');
http.createServer((q, r) => {
  let ms = Number(fs.readFileSync(${JSON.stringify(delayFile)}, 'utf8')) || 0;
  try { ms = Number(fs.readFileSync(${JSON.stringify(blipFile)}, 'utf8')) || ms; fs.unlinkSync(${JSON.stringify(blipFile)}); } catch {}
  setTimeout(() => r.end('ok'), ms);
}).listen(${port}, '127.0.0.1');`,
    );
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
name: anomaly
machine: false
evaluation_interval: 1s
analysis:
  anomalies:
    select: ['probe_duration_seconds']
    # A loaded machine (CI runs many tests at once) makes probe latency jumpy while it is learned.
    sensitivity: high
services:
  api:
    start: node server.js
    probes:
      - { http: "http://127.0.0.1:${port}/health", every: 600ms, timeout: 590ms }
rules:
  - alert: ApiLatencyAnomalous
    expr: anomaly_score{service="api", metric="probe_duration_seconds"} > 0.99
    for: 1s
    labels: { severity: warning }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const token = fs.readFileSync(path.join(dataDir, TOKEN_FILE_NAME), 'utf8').trim();
    const api = async <T>(route: string): Promise<T> =>
      (await (await fetch(`${serve.url}/api/v1${route}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    const instant = async (query: string): Promise<number | undefined> => {
      const result = await api<InstantResult>(`/metrics/instant?query=${encodeURIComponent(query)}`);
      const first = result.resultType === 'vector' ? result.result[0] : undefined;
      return first === undefined ? undefined : Number(first.value[1]);
    };

    // Blips while the series is learned (its first hundred samples, 60 s): one every ~13 samples from the 20th.
    const samplesSeen = async (): Promise<number> => (await instant('count_over_time(probe_duration_seconds{service="api"}[10m])')) ?? 0;
    for (const [k, ms] of [300, 550, 400, 500, 350].entries()) {
      await waitFor(async () => (await samplesSeen()) >= 20 + 13 * k, { timeoutMs: 60_000, what: `sample ${20 + 13 * k} of the latency series` });
      // Written whole, then renamed: the server never reads half a file.
      fs.writeFileSync(`${blipFile}.tmp`, String(ms));
      fs.renameSync(`${blipFile}.tmp`, blipFile);
      await waitFor(() => !fs.existsSync(blipFile), { timeoutMs: 10_000, what: `the ${ms} ms blip to be served` });
    }
    // Learned: the detector scores only after it has seen enough of the series (a hundred samples).
    await waitFor(async () => ((await instant('count_over_time(anomaly_score{service="api"}[10m])')) ?? 0) >= 25, {
      timeoutMs: 120_000,
      what: 'the latency series to be learned and scored',
    });
    const firingAnomaly = async (): Promise<boolean> =>
      (await api<AlertView[]>('/alerts')).some((alert) => alert.alertname === 'ApiLatencyAnomalous' && alert.state === 'firing');
    // No quiet stretch is awaited first: on a busy machine a probe's latency blips (1 ms -> 30 ms for
    // a sample) are rightly scored as alarms, and since such a blip's episode ends when the latency
    // comes back, the alarm hold after it no longer keeps a lasting shift below 0.99 (anomaly-episode.ts).
    fs.writeFileSync(delayFile, '450');
    // The shift's own alarm: the rule firing while the latency is shifted and its score at the alarm level
    // (a blip's alert, if one fired before, resolves once the blip is over).
    const shiftAlarmed = async (): Promise<boolean> =>
      ((await instant('probe_duration_seconds{service="api"}')) ?? 0) >= 0.3 &&
      ((await instant('anomaly_score{service="api", metric="probe_duration_seconds"}')) ?? 0) >= 0.99 &&
      (await firingAnomaly());
    await waitFor(shiftAlarmed, { timeoutMs: 60_000, what: 'the anomaly_score rule to fire on the shift' }).catch(async (error: Error) => {
      // What the detector made of it, so a failure on a loaded machine can be read from the log.
      const peak = await instant('max_over_time(anomaly_score{service="api"}[1m])');
      const latency = await instant('max_over_time(probe_duration_seconds{service="api"}[20s])');
      const before = await instant('max_over_time(probe_duration_seconds{service="api"}[10m] offset 40s)');
      throw new Error(
        `${error.message}: peak score ${peak} in the last minute, latency up to ${latency} s in the last 20 s, up to ${before} s before the shift`,
      );
    });

    const browser = await openBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await page.goto(serve.loginLink);
      // First the Overview: its card says "anomalous" only while the episode lasts (at most 100
      // samples, 60 s here), and a busy machine makes each page below take seconds.
      await page.goto(`${serve.url}/#/`);
      await page.getByTestId('anomaly-badge-api').waitFor({ timeout: 20_000 });
      // The service's latency sparkline is shaded too.
      await page.locator('[aria-label="latency over the last hour"][data-anomalous="true"]').waitFor({ timeout: 20_000 });
      await screenshot(page, 'e2e-anomaly-overview');

      await page.goto(`${serve.url}/#/insights`);
      const anomalies = page.getByTestId('insights-anomalies');
      await anomalies
        .getByText(/probe_duration_seconds\{.*service="api"/)
        .first()
        .waitFor({ timeout: 20_000 });
      await screenshot(page, 'e2e-anomaly-insights');
      // Selectors are long and unbroken: on a phone the tables scroll within themselves, never the page.
      for (const width of [1366, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await settled(page);
        await expect(horizontalOffenders(page), `Insights at ${width} px`).resolves.toEqual([]);
        await expect(pageOverflow(page), `Insights at ${width} px`).resolves.toBe(0);
      }
      await screenshot(page, 'e2e-anomaly-insights-phone');
      await page.setViewportSize({ width: 1366, height: 900 });

      await page.goto(`${serve.url}/#/services/api`);
      // The latency chart is shaded where the score was at the alarm level, and its badge says so.
      await page.locator('[data-chart="Latency"][data-anomalous="true"]').waitFor({ timeout: 20_000 });
      await expect(page.locator('[data-chart="Checks passed"]').getAttribute('data-anomalous')).resolves.toBe('false');
      await screenshot(page, 'e2e-anomaly-service');
    } finally {
      await browser.close();
    }
  }, 320_000);
});
