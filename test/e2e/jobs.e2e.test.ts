import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { freePort } from '../helpers/free-port';
import { tempDir } from '../helpers/temp-dir';
import { GitFixture, versionServer } from '../core/deploy/git-fixture';
import { consoleInBrowser } from './console-in-browser';

/**
 * Jobs and deploys in Chromium: a job run from the Jobs page shows its steps and output; a real
 * service is deployed from a real git repository and its stages advance to done; a broken commit
 * fails its health gate, is rolled back automatically and raises its alert.
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

    const target = page.locator('[data-target="web"]');
    await target.getByRole('button', { name: 'Deploy' }).click();
    await target.locator('[data-stage="fetch"][data-status="done"]').waitFor({ timeout: 20_000 });
    await target.locator('[data-testid="deploy"][data-outcome="succeeded"]').waitFor({ timeout: 30_000 });
    await expect(target.locator('[data-stage="health"]').getAttribute('data-status')).resolves.toBe('done');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('v1');
    await screenshot(page, 'e2e-jobs-deployed');

    repo.commit({ 'server.js': versionServer('v2', { broken: true }) }, 'Broken version');
    await target.getByRole('button', { name: 'Deploy' }).click();
    await target.locator('[data-testid="deploy"][data-outcome="rolled_back"]').waitFor({ timeout: 40_000 });
    await expect(target.locator('[data-stage="rollback"]').getAttribute('data-status')).resolves.toBe('done');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('v1');
    await screenshot(page, 'e2e-jobs-rolled-back');

    await page.goto(`${server.url}/#/alerts`);
    await page.getByText('DeployRolledBack').first().waitFor({ timeout: 10_000 });
  }, 120_000);
});
