import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import type { AlertView, SilenceView } from '../../src/shared/types/alerts';
import { cliBin, runCliAsync, startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { tmuxTerminal } from '../helpers/tmux-terminal';
import { waitFor } from '../helpers/wait-for';

/** A console with a service it runs (ticker, which logs), and one that is down (cache) so an alert fires. */
async function consoleWithAnAlert() {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  writeFile(dir, 'ticker.js', "setInterval(() => console.log('tick from ticker'), 200);\n");
  writeFile(
    dir,
    'zervigo.yaml',
    `version: 1
name: shop
machine: false
evaluation_interval: 1s
services:
  ticker:
    start: ${JSON.stringify(`${process.execPath} ticker.js`)}
  cache:
    probes: [{ tcp: "127.0.0.1:${await freePort()}", every: 1s }]
rules:
  - alert: CacheDown
    expr: probe_success{service="cache"} == 0
    labels: { severity: critical }
`,
  );
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
  const token = fs.readFileSync(path.join(dataDir, TOKEN_FILE_NAME), 'utf8').trim();
  const api = async <T>(route: string): Promise<T> =>
    (await (await fetch(`${serve.url}/api/v1${route}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  return { dir, dataDir, serve, api };
}

/** `zervigo monitor` in a real terminal (tmux-terminal.ts), with what the tests look for on its screen. */
function terminal(width: number, height: number) {
  const { tmux, open: openArgv, screen, exited: ended } = tmuxTerminal('monitor', width, height);
  // CI=true as on a build runner, where Ink would draw only the last frame: the monitor must still draw live.
  const open = (args: string[]): void => openArgv(['env', 'CI=true', process.execPath, cliBin, ...args]);
  /** The whole pane with its history, for what was printed before the pane was resized. */
  const transcript = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'monitor');
  const line = (text: string): string | undefined =>
    screen()
      .split('\n')
      .find((row) => row.includes(text));
  const keys = (...names: string[]): void => void tmux('send-keys', '-t', 'monitor', ...names);
  const exited = (): number | undefined => {
    const exit = ended();
    if (exit === undefined) return undefined;
    if (exit.signal !== null) throw new Error(`the monitor died by signal ${exit.signal}`);
    return exit.code;
  };
  /**
   * Waits for the text on the screen. Stops at once when the program has ended, and says what the
   * screen showed either way, so a failure on a loaded machine can be read from the log alone.
   */
  const sees = async (text: string | RegExp, what = `the screen to show ${String(text)}`, timeoutMs = 15_000): Promise<string> => {
    type Seen = { shown: string } | { exit: NonNullable<ReturnType<typeof ended>> } | { failure: string };
    const seen: Seen = await waitFor<Seen>(
      () => {
        const shown = screen();
        if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return { shown };
        const exit = ended();
        return exit !== undefined && { exit };
      },
      { timeoutMs, what },
    ).catch((error: Error) => ({ failure: error.message }));
    if ('shown' in seen) return seen.shown;
    const why = 'exit' in seen ? `the monitor ended (${JSON.stringify(seen.exit)}) before ${what}` : seen.failure;
    throw new Error(`${why}\n--- the terminal showed ---\n${transcript()}`);
  };
  return { tmux, open, screen, transcript, line, keys, exited, sees };
}

describe('zervigo monitor --live (a real terminal through tmux)', () => {
  it('shows services, the firing alert and the log tail; opens, filters, restarts, acknowledges and silences by keys; resizes; quits cleanly', async () => {
    const { dataDir, serve, api } = await consoleWithAnAlert();
    await waitFor(async () => (await api<AlertView[]>('/alerts')).some((alert) => alert.alertname === 'CacheDown' && alert.state === 'firing'), {
      timeoutMs: 15_000,
      what: 'CacheDown to fire',
    });
    const term = terminal(110, 30);
    term.open(['--data-dir', dataDir, 'monitor', '--live', '--url', serve.url]);

    // The first screen waits for a cold start of Node and the CLI bundle: generous on a loaded machine.
    await term.sees('Zervigo live · shop', undefined, 45_000);
    await term.sees(/^ticker\s+running\s/m, 'ticker running in the service table');
    // The alert fires on the first failed probe; the service is called down after its retries.
    await term.sees(/^cache\s+down\s/m, 'cache down in the service table');
    expect(term.line('cache ')).toContain('connection refused');
    await term.sees(/firing\s+CacheDown\s+critical/);
    await term.sees('tick from ticker', 'the log tail');

    // Keys typed together (or pasted) arrive as one string: each still counts.
    term.keys('j', 'Enter');
    await term.sees('Probes');
    expect(term.screen()).toContain('observed only (no start command)');
    term.keys('Escape');
    await term.sees('SERVICE');

    term.keys('/', 't', 'i', 'c');
    await term.sees('filter "tic" (1 of 2)');
    expect(term.line('cache ')).toBeUndefined();
    term.keys('Enter');
    term.keys('r');
    await term.sees('Restart ticker? [y/N]');
    term.keys('y');
    await term.sees(/restarted ticker in \d/);
    term.keys('Escape');
    await term.sees(/^cache\s+down/m, 'the filter cleared');

    // Tab to the alerts: acknowledge, then silence for a typed duration (Backspace over the default 1h).
    term.keys('Tab', 'a');
    await term.sees('acknowledged CacheDown');
    await waitFor(async () => (await api<AlertView[]>('/alerts')).find((alert) => alert.alertname === 'CacheDown')?.ack !== null, {
      what: 'the acknowledgement on the server',
    });
    term.keys('s');
    await term.sees('Silence alertname=CacheDown, service=cache for: 1h');
    term.keys('BSpace', 'BSpace', '3', '0', 'm');
    await term.sees('for: 30m');
    term.keys('Enter');
    await term.sees('silenced alertname=CacheDown, service=cache for 30m');
    const silences = await api<SilenceView[]>('/silences');
    expect(silences.map((silence) => silence.matchers)).toContainEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'alertname', value: 'CacheDown' })]),
    );

    term.tmux('resize-window', '-t', 'monitor', '-x', '50', '-y', '12');
    // The message wraps at 50 columns.
    await waitFor(
      () => term.screen().replace(/\s+/g, ' ').includes('The terminal is 50×12; zervigo monitor needs at least 60×15. Make it larger, or press q to quit.'),
      { timeoutMs: 15_000, what: 'the too-small message' },
    );
    term.tmux('resize-window', '-t', 'monitor', '-x', '100', '-y', '25');
    await term.sees(/^ticker\s+running/m, 'the table again after growing');
    // Laid out for the new size: the title on the first row, the keys on the 25th and last.
    const rows = await waitFor(() => term.screen().split('\n')[24]?.includes('↑↓ select') && term.screen().split('\n'), { what: 'the key line on row 25' });
    expect(rows[0]).toMatch(/^Zervigo live · shop/);
    expect(rows.slice(25).join('')).toBe('');

    term.keys('q');
    expect(await waitFor(() => term.exited(), { what: 'the monitor to exit' })).toBe(0);
    // The terminal is given back: the alternate screen is left.
    expect(term.tmux('display-message', '-p', '-t', 'monitor', '#{alternate_on}').trim()).toBe('0');
  }, 120_000);

  it('says so and exits 3 when --url does not answer, 4 when the token is refused, 1 without a terminal', { timeout: 60_000 }, async () => {
    const nobody = terminal(100, 20);
    nobody.open(['monitor', '--live', '--url', `http://127.0.0.1:${await freePort()}`, '--token', 'x']);
    expect(await waitFor(() => nobody.exited(), { timeoutMs: 15_000, what: 'the monitor to give up' })).toBe(3);
    expect(nobody.transcript()).toMatch(/zervigo: no Zervigo server answers at http:\/\/127\.0\.0\.1:\d+/);

    const { serve } = await consoleWithAnAlert();
    const wrong = terminal(100, 20);
    wrong.open(['monitor', '--live', '--url', serve.url, '--token', 'not-the-token']);
    expect(await waitFor(() => wrong.exited(), { timeoutMs: 15_000, what: 'the monitor to refuse' })).toBe(4);
    expect(wrong.transcript()).toMatch(/zervigo: .*token/);

    const piped = await runCliAsync(['monitor', '--live', '--url', serve.url, '--token', 'x']);
    expect(piped.status).toBe(1);
    expect(piped.stderr).toContain('needs a terminal');
    const once = await runCliAsync(['monitor', '--url', serve.url]);
    expect(once.status).toBe(1);
    expect(once.stderr).toContain('zervigo monitor --live');
  });
});
