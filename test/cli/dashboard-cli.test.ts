import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDashboardLink } from '../../src/shared/dashboards/dashboard-link';
import { openBrowser } from '../helpers/browser';
import { repoRoot, runCliAsync, startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';

const grafana = fs.readFileSync(path.join(repoRoot, 'test/fixtures/grafana/node-overview.json'), 'utf8');

describe('zervigo dashboard --config', () => {
  it('refuses a file that is not JSON, not a dashboard, or from a newer Grafana, each with exit code 2 and a message that says which', async () => {
    const dir = tempDir();
    const run = (file: string, ...rest: string[]) => runCliAsync(['dashboard', '--config', path.join(dir, file), ...rest]);
    writeFile(dir, 'broken.json', '{\n  "title": "x",\n  panels: []\n}\n');
    writeFile(dir, 'shape.json', JSON.stringify({ title: 'x', panels: [{ kind: 'pie', query: 'up' }] }));
    writeFile(dir, 'newer.json', JSON.stringify({ ...JSON.parse(grafana), schemaVersion: 45 }));

    const broken = await run('broken.json');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not valid JSON:\n {2}not valid JSON at line 3, column 3: /);
    const shape = await run('shape.json');
    expect(shape.status).toBe(2);
    expect(shape.stderr).toContain('shape.json is not a dashboard:\n  panels[0].kind: expected "timeseries" or');
    const newer = await run('newer.json');
    expect(newer.status).toBe(2);
    expect(newer.stderr).toMatch(/cannot be imported from Grafana:\n {2}schemaVersion 45 is newer than this importer knows/);
    const missing = await run('nowhere.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.json/);
    expect(missing.stdout).toBe('');
  }, 60_000);

  it('checks a Grafana file, listing what is not imported; without a console it says how to get one (exit 3)', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'node.json', grafana);
    const checked = await runCliAsync(['dashboard', '--config', file, '--check', '--json']);
    expect(checked.status).toBe(0);
    const summary = JSON.parse(checked.stdout) as { format: string; panels: number; notImported: string[] };
    expect(summary).toMatchObject({ format: 'grafana', panels: 3 });
    expect(summary.notImported).toHaveLength(7);
    const port = await freePort();
    const offline = await runCliAsync(['dashboard', '--config', file, '--url', `http://127.0.0.1:${port}`, '--token', 'any']);
    expect(offline.status).toBe(3);
    expect(offline.stdout).toContain('not imported: panel "Disk share" (piechart)');
    expect(offline.stderr).toMatch(new RegExp(`No console answers at http://127\\.0\\.0\\.1:${port} .*zervigo serve`, 's'));
  }, 60_000);

  it('prints the link that opens the file in the running console, where its panels render', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nname: cli-board\nmachine: false\nservices:\n  api: {}\n');
    const file = writeFile(
      dir,
      'my-dashboard.json',
      JSON.stringify({ title: 'From a file', panels: [{ kind: 'services', title: 'All services', w: 24, h: 5 }] }),
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const opened = await runCliAsync(['dashboard', '--config', file, '--url', serve.url, '--data-dir', dataDir]);
    expect(opened.stderr).toBe('');
    expect(opened.status).toBe(0);
    const url = /^\s+(http\S+)$/m.exec(opened.stdout)?.[1] ?? '';
    expect(url.startsWith(`${serve.url}/#/dashboards/open?d=`)).toBe(true);
    expect(decodeDashboardLink(url.slice(url.indexOf('d=') + 2))).toMatchObject({ ok: true, dashboard: { title: 'From a file' } });

    const wrongToken = await runCliAsync(['dashboard', '--config', file, '--url', serve.url, '--token', 'not-a-token']);
    expect(wrongToken.status).toBe(4);
    expect(wrongToken.stderr).toContain(`The console at ${serve.url} did not take the token`);

    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.loginLink);
    await page.getByRole('link', { name: 'Overview' }).first().waitFor();
    await page.goto(url);
    await page.getByTestId('panel-services').waitFor({ timeout: 10_000 });
    await expect(page.getByRole('heading', { name: 'From a file' }).count()).resolves.toBe(1);
    await expect(page.getByTestId('panel-services').textContent()).resolves.toContain('api');
  }, 60_000);
});
