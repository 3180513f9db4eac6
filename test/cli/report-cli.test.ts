import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/shared/reports/report-schema';
import { runCliAsync, startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { HttpReceiver } from '../helpers/http-receiver';
import { DAY, HOUR, writeHistory } from '../helpers/report-history';
import { startSmtpReceiver } from '../helpers/smtp-receiver';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/** A console over a data folder holding 3 days of history: api fails 1 check in 50 (98 %), db none. */
async function consoleWithHistory(channels = '') {
  const now = Date.now();
  const dataDir = tempDir();
  await writeHistory(dataDir, now, {
    days: 3,
    services: [
      { name: 'api', failing: 0.02, latencyMs: 40 },
      { name: 'db', failing: 0, latencyMs: 2 },
    ],
    incidents: [
      { alertname: 'ApiDown', service: 'api', firedAt: now - 2 * DAY, ackAt: now - 2 * DAY + 5 * 60_000, resolvedAt: now - 2 * DAY + 20 * 60_000 },
      { alertname: 'DiskFilling', service: 'db', firedAt: now - 2 * HOUR },
    ],
    restarts: [{ service: 'api', at: now - 2 * DAY + 60_000, actor: 'supervisor' }],
    givenUp: [{ service: 'api', at: now - DAY }],
  });
  const dir = tempDir();
  writeFile(
    dir,
    'zervigo.yaml',
    `version: 1\nname: shop\nmachine: false\nslo: { availability: 99 }\nservices:\n  api:\n    slo: { availability: 99.5 }\n  db: {}\n${channels}`,
  );
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  const report = (...args: string[]) => runCliAsync(['report', '--url', serve.url, '--data-dir', dataDir, ...args]);
  return { report, serve, dataDir };
}

describe('zervigo report', () => {
  it('reports availability against each SLO with the error budget, incidents with their times, restarts and trends (JSON, documented schema)', async () => {
    const { report } = await consoleWithHistory();
    const result = await report('--since', '7d', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const parsed = ReportSchema.parse(JSON.parse(result.stdout));
    const api = parsed.services.find((service) => service.name === 'api');
    const db = parsed.services.find((service) => service.name === 'db');
    expect(api?.slo).toBe(99.5);
    expect(db?.slo).toBe(99);
    expect(api?.availability).toBeCloseTo(0.98, 2);
    expect(api?.met).toBe(false);
    expect(api?.errorBudget.leftPercent).toBeLessThan(0);
    expect(db).toMatchObject({ availability: 1, met: true, failedChecks: 0 });
    expect(db?.errorBudget.leftPercent).toBe(100);
    expect(api?.daily.length).toBeGreaterThanOrEqual(3);
    expect(api?.latencyMs.avg).toBeGreaterThan(39);
    expect(api).toMatchObject({ restarts: 1, givenUp: 1 });
    expect(parsed.summary).toMatchObject({ services: 2, meetingSlo: 1, breachingSlo: 1, incidents: 2, restarts: 1, givenUp: 1 });
    const [diskFilling, apiDown] = parsed.incidents;
    expect(apiDown).toMatchObject({
      alertname: 'ApiDown',
      acknowledgedBy: 'ana',
      timeToAcknowledgeMs: 5 * 60_000,
      timeToResolveMs: 20 * 60_000,
      durationMs: 20 * 60_000,
    });
    expect(diskFilling).toMatchObject({ alertname: 'DiskFilling', resolvedAt: null, timeToResolveMs: null });
    expect(parsed.summary.meanTimeToAcknowledgeMs).toBe(5 * 60_000);
    const disk = parsed.machine.disks[0];
    expect(disk?.perDay).toBeCloseTo(1, 1);
    expect(disk?.daysUntilFull).toBeGreaterThan(50);
    expect(disk?.daysUntilFull).toBeLessThan(60);
  });

  it('writes Markdown and a self-contained HTML file with inline SVG charts', async () => {
    const { report } = await consoleWithHistory();
    const markdown = await report('--since', '7d');
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toContain('# Service report: shop, last 7 days');
    expect(markdown.stdout).toMatch(/\| api \| 9[78](\.\d+)? % \| 99\.5 % \| BREACHED \| -?\d+ % left/);
    expect(markdown.stdout).toMatch(/\| db \| 100 % \| 99 % \| met \| 100 % left/);
    expect(markdown.stdout).toMatch(/\| ApiDown \| .* \| 5 min \| 20 min \|/);
    const out = path.join(tempDir(), 'report.html');
    const html = await report('--since', '7d', '--out', out);
    expect(html.status).toBe(0);
    expect(html.stderr).toContain(`wrote ${out} (html,`);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text.match(/<svg /g)?.length).toBeGreaterThan(4);
    // Nothing to fetch, nothing to run: it opens and prints offline.
    expect(text).not.toMatch(/<script|<link|src=|url\(/i);
  });

  it('says so, and exits 2, when the period holds no data; 3 when no console answers', async () => {
    const { report } = await consoleWithHistory();
    const empty = await report('--month', '2020-01');
    expect(empty.status).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('nothing was recorded in the period (January 2020)');
    const bad = await report('--month', '2026-13');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('a month is written 2026-11');
    const nobody = await runCliAsync(['report', '--url', `http://127.0.0.1:${await freePort()}`, '--token', 'x']);
    expect(nobody.status).toBe(3);
    // An --out that cannot be written, or whose format cannot be told, is refused before the report is made.
    const pdf = await report('--since', '7d', '--out', path.join(tempDir(), 'week.pdf'));
    expect(pdf.status).toBe(1);
    expect(pdf.stderr).toContain('cannot tell the format of');
    expect(pdf.stderr).toContain('for a PDF, print the HTML file');
    const missing = path.join(tempDir(), 'no-such-folder', 'week.html');
    const nowhere = await report('--since', '7d', '--out', missing);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toBe(`zervigo: cannot write ${missing}: the folder ${path.dirname(missing)} does not exist\n`);
  });

  it('--send delivers it through the outbox: email with the file attached, a webhook with its text', async () => {
    const smtp = await startSmtpReceiver();
    const hook = await HttpReceiver.start();
    const { report } = await consoleWithHistory(
      `channels:\n  mail: { email: { smtp: "${smtp.url}", from: zervigo@example.com, to: [boss@example.com] } }\n  hook: { webhook: { url: "${hook.url}/reports" } }\n`,
    );
    const mailed = await report('--since', '7d', '--format', 'html', '--out', path.join(tempDir(), 'r.html'), '--send', 'mail');
    expect(mailed.stderr).toContain('sent to mail: delivered');
    expect(mailed.status).toBe(0);
    const mail = await waitFor(() => smtp.mails[0], { what: 'the report mail' });
    expect(mail.raw).toContain('Subject: Zervigo report: shop, last 7 days');
    expect(mail.raw).toMatch(/Content-Disposition: attachment;\s+filename=zervigo-report-shop-last-7-days\.html/);
    const hooked = await report('--since', '7d', '--format', 'json', '--send', 'hook');
    expect(hooked.status).toBe(0);
    const body = hook.requests[0]?.body as { kind: string; content: string; summary: string[] };
    expect(body.kind).toBe('zervigo.report');
    expect(ReportSchema.parse(JSON.parse(body.content)).summary.services).toBe(2);
    expect(body.summary[1]).toContain('1 meet their SLO, 1 breach it');
    const unknown = await report('--send', 'nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no channel "nope" in the workspace (channels: mail, hook)');
  });

  it('is viewer-level reading; sending it to a channel needs the operate permission', async () => {
    const hook = await HttpReceiver.start();
    const { serve, dataDir } = await consoleWithHistory(`channels:\n  hook: { webhook: { url: "${hook.url}/reports" } }\n`);
    const admin = ['--url', serve.url, '--data-dir', dataDir];
    expect((await runCliAsync(['users', 'add', 'reader', '--role', 'viewer', '--service-account', ...admin])).status).toBe(0);
    const created = await runCliAsync(['tokens', 'create', '--user', 'reader', '--name', 'reports', ...admin]);
    expect(created.status).toBe(0);
    const token = created.stdout.split(/\s+/).find((word) => word.length >= 24 && /^[\w-]+$/.test(word));
    expect(token).toBeDefined();
    const asViewer = (...args: string[]) => runCliAsync(['report', '--url', serve.url, '--token', token as string, ...args]);
    const read = await asViewer('--since', '7d', '--format', 'json');
    expect(read.status).toBe(0);
    expect(ReportSchema.parse(JSON.parse(read.stdout)).summary.services).toBe(2);
    const sent = await asViewer('--since', '7d', '--send', 'hook');
    expect(sent.status).toBe(1);
    expect(sent.stderr).toContain('reports.generate with send needs the operate permission');
    expect(hook.requests).toHaveLength(0);
  });
});

describe('SLOs in the workspace', () => {
  it('are validated at file:line:col', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api:\n    slo: { availability: 120 }\n');
    const result = await runCliAsync(['config', 'validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${file}:4:26: services.api.slo.availability: availability is a percentage of at most 100, e.g. 99.9`);
  });
});
