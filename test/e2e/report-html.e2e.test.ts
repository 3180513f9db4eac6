import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactsDir, openBrowser, screenshot } from '../helpers/browser';
import { runCliAsync, startServe } from '../helpers/cli';
import { DAY, writeHistory } from '../helpers/report-history';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('the HTML report in Chromium', () => {
  it('renders its charts offline (no request leaves the page) and prints to PDF', async () => {
    const now = Date.now();
    const dataDir = tempDir();
    await writeHistory(dataDir, now, {
      days: 14,
      services: [
        { name: 'api', failing: 0.004, latencyMs: 40 },
        { name: 'db', failing: 0, latencyMs: 3 },
        { name: 'worker', failing: 0.05, latencyMs: 120 },
      ],
      incidents: [
        { alertname: 'WorkerDown', service: 'worker', firedAt: now - 3 * DAY, ackAt: now - 3 * DAY + 4 * 60_000, resolvedAt: now - 3 * DAY + 45 * 60_000 },
      ],
      restarts: [{ service: 'worker', at: now - 3 * DAY + 60_000, actor: 'supervisor' }],
    });
    const dir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      'version: 1\nname: shop\nmachine: false\nservices:\n  api: {}\n  db: { slo: { availability: 99.99 } }\n  worker: { slo: { availability: 95 } }\n',
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const file = path.join(tempDir(), 'report.html');
    const result = await runCliAsync(['report', '--url', serve.url, '--data-dir', dataDir, '--since', '14d', '--out', file]);
    expect(result.status).toBe(0);

    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    await expect(page.locator('svg').count()).resolves.toBeGreaterThan(8);
    expect(requests).toEqual([`file://${file}`]);
    await screenshot(page, 'report-html');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    fs.mkdirSync(artifactsDir, { recursive: true });
    fs.writeFileSync(path.join(artifactsDir, 'report.pdf'), pdf);
  });
});
