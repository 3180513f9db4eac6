import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/process/process-group';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import type { OperationResult } from '../../src/shared/types/operate';
import type { ServiceView } from '../../src/shared/types/service';
import { openBrowser, screenshot } from '../helpers/browser';
import { runCliAsync, startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/** A service that writes what it was started with (argv, cwd, env) to seen-<pid>.json, then stays up. */
const program =
  "require('fs').writeFileSync('seen-' + process.pid + '.json', JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), port: process.env.PORT, greeting: process.env.GREETING })); setInterval(() => {}, 1e6)";

const workspace = (edit: { version: string; port: number; greeting: string }) => `version: 1
environments:
  dev: { vars: { GREETING: ${edit.greeting} } }
services:
  api:
    start: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(program)}, ${edit.version}]
    env: { PORT: "${edit.port}", GREETING: "\${GREETING}" }
  idle:
    start: [sleep, "60"]
    autostart: false
`;

describe('changes that wait for a restart say so (zervigo serve, a real child process, REST, CLI, Chromium)', () => {
  it('an edit of a running service\'s command and environment is "restart to apply" until a restart applies it', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', workspace({ version: 'v1', port: 8080, greeting: 'hello' }));
    const serve = await startServe(['--port', '0', '--data-dir', dataDir, '--workspace', file, '--env', 'dev'], { cwd: dir });
    const token = fs.readFileSync(path.join(dataDir, TOKEN_FILE_NAME), 'utf8').trim();
    const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${serve.url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await response.json()) as T;
    };
    const api = async () => (await call<ServiceView[]>('GET', '/services')).find((service) => service.name === 'api') as ServiceView;
    const seen = (pid: number) => JSON.parse(fs.readFileSync(path.join(dir, `seen-${pid}.json`), 'utf8')) as { argv: string[]; port: string; greeting: string };
    const validate = () => runCliAsync(['config', 'validate', file, '--data-dir', dataDir, '--url', serve.url]);

    const first = await waitFor(
      async () => {
        const view = await api();
        return view.runtime?.phase === 'running' && fs.existsSync(path.join(dir, `seen-${view.runtime.pid}.json`)) ? view : undefined;
      },
      { what: 'api to run', timeoutMs: 15_000 },
    );
    const pid = first.runtime?.pid as number;
    expect(first.pendingRestart).toBeNull();
    expect(seen(pid)).toMatchObject({ argv: ['v1'], port: '8080', greeting: 'hello' });
    const unchanged = await validate();
    expect(unchanged).toMatchObject({ status: 0, stderr: '' });
    expect(unchanged.stdout).toBe(`${file} is valid: 2 services, 0 probes, 0 rules, 0 routes, 0 channels, environment dev\n`);

    // The command, an env value and a ${VAR} the env pulls in change; the console applies the file at once.
    fs.writeFileSync(file, workspace({ version: 'v2', port: 8081, greeting: 'bonjour' }));
    const pending = await waitFor(
      async () => {
        const view = await api();
        return view.pendingRestart === null ? undefined : view;
      },
      { what: 'api to wait for a restart', timeoutMs: 15_000 },
    );
    expect(pending.pendingRestart).toEqual({ fields: ['start', 'env.GREETING', 'env.PORT'] });
    // Nothing was restarted by the edit: the same process runs, with what it started with.
    expect(pending.runtime?.pid).toBe(pid);
    expect(isAlive(pid)).toBe(true);
    expect((await call<ServiceView[]>('GET', '/services')).find((service) => service.name === 'idle')?.pendingRestart).toBeNull();

    const validated = await validate();
    expect(validated).toMatchObject({ status: 0, stderr: '' });
    expect(validated.stdout.split('\n').slice(1)).toEqual(['api: restart to apply (start, env.GREETING, env.PORT changed)', '']);
    // Without a console to ask, nothing is said about running services.
    const alone = await runCliAsync(['config', 'validate', file, '--data-dir', dataDir, '--url', 'http://127.0.0.1:9']);
    expect(alone.stdout).toBe(`${file} is valid: 2 services, 0 probes, 0 rules, 0 routes, 0 channels, environment dev\n`);

    // The console: a badge on the Services table and the service page, what changed in its tooltip.
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/services`);
    const badge = page.getByTestId('pending-restart-api');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('restart to apply');
    await badge.hover();
    await page.getByText('Edited since it started: start, env.GREETING, env.PORT.', { exact: false }).waitFor();
    expect(await page.getByTestId('pending-restart-idle').count()).toBe(0);
    await screenshot(page, 'e2e-restart-to-apply');
    await page.goto(`${serve.url}/#/services/api`);
    await page.getByTestId('service-page-api').getByTestId('pending-restart-api').waitFor();

    // A restart applies it and clears the flag, everywhere.
    const restarted = await call<OperationResult>('POST', '/services/restart', { services: ['api'] });
    expect(restarted.ok).toBe(true);
    const after = await api();
    expect(after.pendingRestart).toBeNull();
    const newPid = after.runtime?.pid as number;
    expect(newPid).not.toBe(pid);
    await waitFor(() => fs.existsSync(path.join(dir, `seen-${newPid}.json`)), { what: 'the new process to write what it saw' });
    expect(seen(newPid)).toMatchObject({ argv: ['v2'], port: '8081', greeting: 'bonjour' });
    await page.getByTestId('pending-restart-api').waitFor({ state: 'detached' });
    expect((await validate()).stdout).toBe(`${file} is valid: 2 services, 0 probes, 0 rules, 0 routes, 0 channels, environment dev\n`);
  });
});
