import { describe, expect, it } from 'vitest';
import type { StatusNote } from '../../src/shared/types/status-page';
import { runCliAsync, startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('zervigo status-page', () => {
  it('shows where the page is, and adds, updates, resolves and lists incident notes through the running console', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(dir, 'zervigo.yaml', 'version: 1\nmachine: false\nservices:\n  api: {}\nstatus_page: { slug: shop, title: Shop status, services: [api] }\n');
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const cli = (...args: string[]) => runCliAsync(['status-page', ...args, '--url', serve.url, '--data-dir', dataDir]);

    expect((await cli('show')).stdout).toBe(`Shop status: ${serve.url}/status/shop\nservices: api\n`);
    const added = await cli('notes', 'add', 'Slow checkout', '--body', 'Looking into it.', '--impact', 'major', '--json');
    expect(added.stderr).toBe('');
    const note = JSON.parse(added.stdout) as StatusNote;
    expect(note).toMatchObject({ title: 'Slow checkout', impact: 'major', state: 'investigating' });
    expect((await cli('notes', 'update', String(note.id), '--body', 'A fix is rolling out.', '--state', 'monitoring')).stdout).toMatch(
      /^#\d+ Slow checkout \[major, monitoring\]\n {2}\S+ \S+ monitoring \(owner.*\): A fix is rolling out\.\n/,
    );
    expect((await cli('notes', 'resolve', String(note.id))).stdout).toContain('[resolved]');
    expect((await cli('notes')).stdout).toMatch(/resolved \(owner.*\): This incident has been resolved\./);
    const page = await (await fetch(`${serve.url}/status/shop`)).text();
    expect(page).toContain('A fix is rolling out.');

    const bad = await cli('notes', 'add', 'x', '--body', 'y', '--impact', 'huge');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('zervigo: --impact is one of none, minor, major, maintenance, not "huge"\n');
    const resolvedAgain = await cli('notes', 'update', String(note.id), '--body', 'again');
    expect(resolvedAgain.status).not.toBe(0);
    expect(resolvedAgain.stderr).toContain('is resolved; post a new note instead');
  }, 60_000);
});
