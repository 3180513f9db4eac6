import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openBrowser } from '../helpers/browser';
import { startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { screenshotsAtEverySize } from './screens';

const workspace = `# yaml-language-server: $schema=./zervigo.schema.json
version: 1
name: shop
environment: prod
environments:
  dev:  { vars: { API_PORT: "8081" } }
  prod: { vars: { API_PORT: "8080" }, confirm_destructive: true }
services:
  api:
    description: Public API            # the one customers call
    probes:
      - http: http://127.0.0.1:\${API_PORT}/health
        every: 10s
`;

describe('the workspace editor (zervigo serve in Chromium)', () => {
  it('marks a bad edit inline at its line, lists it, completes from the schema, and shows the diff before saving', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', workspace);
    const serve = await startServe(['--port', '0', '--data-dir', tempDir()], { cwd: dir });
    const browser = await openBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.loginLink);
    await page.goto(`${serve.url}/#/config`);
    const editor = page.getByTestId('config-editor');
    await editor.waitFor();

    // A misspelt key on a new line at the end of the file (line 15, its key at column 5).
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('  web:\n    strat: node web.js\n');
    const problems = page.getByTestId('config-problems');
    const problem = page.getByTestId('config-problem').first();
    await problem.waitFor({ timeout: 10_000 });
    await expect(problem.textContent()).resolves.toBe('15:5services.web: unknown key "strat"; did you mean "start"?');
    await expect(problems.getByTestId('config-problem-count').textContent()).resolves.toBe('1');
    // The marker sits on that line, under the key.
    const marked = page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') });
    await expect(marked.textContent()).resolves.toBe('    strat: node web.js');
    await expect(page.locator('.cm-lintRange-error').first().textContent()).resolves.toBe('strat');
    await screenshotsAtEverySize(page, 'editor-inline-error', async () => {
      await page.locator('.cm-lintRange-error').first().waitFor();
    });

    // Hovering a key explains it from the schema.
    await page.locator('.cm-line', { hasText: 'every: 10s' }).getByText('every').hover();
    const hover = page.getByTestId('editor-hover');
    await hover.waitFor();
    await expect(hover.textContent()).resolves.toBe(
      'everyHow often the probe runs, start to start.duration: 500ms, 5s, 10m, 1h, 7d or combined like 1h30m · default: 10s',
    );

    // Clicking the problem puts the cursor there.
    await problem.click();
    await expect(page.locator('.cm-activeLine').textContent()).resolves.toBe('    strat: node web.js');

    // Fix it on that line; the schema completes the key.
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    // Home goes to the text after the indentation, as in code editors.
    await page.keyboard.insertText('sta');
    await page.keyboard.press('Control+Space');
    const completions = page.locator('.cm-tooltip-autocomplete');
    await completions.waitFor();
    await expect(completions.textContent()).resolves.toContain('start');
    await page.keyboard.press('Escape');
    await page.keyboard.insertText('rt: node web.js');
    await waitFor(async () => ((await page.getByTestId('config-problem-count').textContent()) ?? '') === '0', { timeoutMs: 10_000, what: 'no problems left' });

    // Ctrl+S shows the diff, and prod asks for confirmation; Esc closes without saving.
    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('workspace-diff').waitFor();
    await expect(dialog.getByTestId('workspace-diff').textContent()).resolves.toContain('+  web:\n+    start: node web.js');
    await expect(dialog.getByTestId('save-dialog-confirm').textContent()).resolves.toContain('prod asks for confirmation');
    await expect(dialog.getByTestId('save-dialog-save').textContent()).resolves.toBe('Save and apply to prod');
    await screenshotsAtEverySize(page, 'editor-diff-before-save', () => dialog.getByTestId('workspace-diff').waitFor());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(fs.readFileSync(file, 'utf8')).toBe(workspace);

    await page.getByTestId('config-save').click();
    await dialog.getByTestId('save-dialog-save').click();
    await page.getByText('Workspace saved').waitFor();
    expect(fs.readFileSync(file, 'utf8')).toBe(`${workspace}  web:\n    start: node web.js\n`);
    await expect(page.getByTestId('config-version').textContent()).resolves.toBe('2');
  }, 90_000);
});
