import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { freePort } from '../helpers/free-port';
import { tempDir } from '../helpers/temp-dir';
import { GitFixture, versionServer } from '../core/deploy/git-fixture';
import { consoleInBrowser } from './console-in-browser';
import { horizontalOffenders, screenshotFolder, settled } from './layout-fit';

/**
 * Jobs and deploys in Chromium: a job run from the Jobs page shows its steps and output; on the
 * Deploys page a real service is deployed from a real git repository and its stages are seen
 * advancing to done; a broken commit fails its health gate, is rolled back automatically and
 * raises its alert.
 */
describe('the Jobs page (Chromium)', () => {
  it('runs a job and shows its output; deploys a commit, then rolls a broken one back with an alert', async () => {
    const dir = tempDir();
    const repo = new GitFixture(path.join(dir, 'repo'));
    repo.commit({ 'server.js': versionServer('v1') }, 'First version');
    const port = await freePort();
    const { server, page } = await consoleInBrowser(
      `version: 1
machine: false
services:
  web:
    start: [node, server.js]
    env: { PORT: "${port}" }
    autostart: false
    ready_timeout: 5s
    probes: [{ http: "http://127.0.0.1:${port}/", every: 1s, timeout: 1s }]
    deploy: { repo: ./repo, branch: main, watch: 1s }
jobs:
  report:
    steps: [{ exec: [sh, -c, "echo report line one; echo report line two"] }]
`,
      { dir, viewport: { width: 1366, height: 900 } },
    );
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(`${server.url}/#/jobs`);
    await page
      .locator('[data-job="report"]')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'e2e-jobs-not-shown');
        throw new Error(`${(error as Error).message}; page errors: ${problems.join(' | ')}`);
      });

    await page.locator('[data-job="report"]').getByRole('button', { name: 'Run now' }).click();
    await page.getByTestId('job-run').locator('pre', { hasText: 'report line two' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('job-run').getByText('succeeded').first().waitFor();

    // The Deploys page: the stages are watched as they change (a MutationObserver in the page records
    // every status each stage shows), so a deploy that only appeared finished would fail.
    await page.goto(`${server.url}/#/deploys`);
    await page.locator('[data-target="web"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { stagesSeen: string[] }).stagesSeen = seen;
      const record = (): void => {
        const panel = document.querySelector('[data-testid="deploy"]');
        for (const stage of panel?.querySelectorAll('[data-stage]') ?? []) {
          const entry = `${panel?.getAttribute('data-deploy-id')}:${stage.getAttribute('data-stage')}:${stage.getAttribute('data-status')}`;
          if (!seen.includes(entry)) seen.push(entry);
        }
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status', 'data-deploy-id'],
      });
    });
    const stagesSeen = (): Promise<string[]> => page.evaluate(() => (window as unknown as { stagesSeen: string[] }).stagesSeen);
    const opened = page.getByTestId('deploy');
    await page.getByTestId('deploy-web').click();
    await opened.locator('[data-stage="fetch"][data-status="done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="deploy"][data-outcome="succeeded"]').waitFor({ timeout: 30_000 });
    const firstId = await opened.getAttribute('data-deploy-id');
    await expect(opened.locator('[data-stage="health"]').getAttribute('data-status')).resolves.toBe('done');
    const seen = (await stagesSeen()).filter((entry) => entry.startsWith(`${firstId}:`)).map((entry) => entry.slice(`${firstId}:`.length));
    // Every stage was seen done, in order, and the ones that take real time (a git process, the
    // service's restart, the watch window) were seen running first: the page followed the deploy as
    // it went. (Release, switch and a health gate already passing by the end of the restart are
    // instant: their running and done can reach the page in one render.)
    const stages = ['fetch', 'build', 'release', 'switch', 'restart', 'health', 'watch'];
    const doneAt = stages.map((stage) => seen.indexOf(`${stage}:done`));
    expect(doneAt, `stages done in order in ${seen.join(', ')}`).toEqual([...doneAt].sort((a, b) => a - b));
    expect(Math.min(...doneAt)).toBeGreaterThanOrEqual(0);
    for (const stage of ['fetch', 'restart', 'watch']) {
      const running = seen.indexOf(`${stage}:running`);
      expect(running >= 0 && running < seen.indexOf(`${stage}:done`), `${stage} seen running before done in ${seen.join(', ')}`).toBe(true);
    }
    expect(await page.getByTestId('deploy-log').count()).toBe(1);
    const row = page.locator(`[data-deploy="${firstId}"]`);
    expect(await row.textContent()).toContain('First version');
    expect(await page.getByTestId(`deploy-timings-${firstId}`).textContent()).toMatch(/^fetch \d.* · watch \d/);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('v1');
    const folder = screenshotFolder();
    for (const width of [1440, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await settled(page);
      expect(await horizontalOffenders(page), `nothing sticks out sideways at ${width} px`).toEqual([]);
      if (folder !== null) await page.screenshot({ path: path.join(folder, `deploys-${width}.png`), fullPage: true, animations: 'disabled' });
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    repo.commit({ 'server.js': versionServer('v2', { broken: true }) }, 'Broken version');
    await page.getByTestId('deploy-web').click();
    await page.locator(`[data-testid="deploy"][data-outcome="rolled_back"]`).waitFor({ timeout: 40_000 });
    await expect(opened.locator('[data-stage="rollback"]').getAttribute('data-status')).resolves.toBe('done');
    expect(await page.locator('[data-deploy]').count()).toBe(2);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('v1');
    if (folder !== null) await page.screenshot({ path: path.join(folder, 'deploys-rolled-back-1366.png'), fullPage: true, animations: 'disabled' });

    await page.goto(`${server.url}/#/alerts`);
    await page.getByText('DeployRolledBack').first().waitFor({ timeout: 10_000 });
  }, 120_000);
});
