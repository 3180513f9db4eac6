import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync, startServe } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { privateTmux } from '../helpers/tmux-server';

describe('zervigo batch', () => {
  it('runs the steps against the running server with progress per service and a summary', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
services:
  db: { start: [sleep, "60"], autostart: false }
  api: { start: [sleep, "60"], depends_on: [db], autostart: false }
  broken: { start: no-such-command-4711, autostart: false }
`,
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dir });
    const ops = writeFile(
      dir,
      'ops.json',
      JSON.stringify([
        { action: 'start', services: ['api'] },
        { action: 'restart', services: ['db'] },
        { action: 'stop', services: [] },
      ]),
    );
    const result = await runCliAsync(['batch', '--file', ops, '--url', serve.url, '--data-dir', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('[1/3] start api');
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}db\s+starting\s+starting$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}api\s+waiting\s+waiting for db$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}api\s+ready\s+started \(pid \d+\); ready after \d\.\d s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}ok in \d+\.\d s: Started api; started db first \(needed by api\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}ok in \d+\.\d s: Restarted db$/));
    expect(lines).toContain('[3/3] stop all services');
    expect(lines.at(-1)).toMatch(/^3 steps: 3 ok, 0 failed \(\d+\.\d s\)$/);

    const failing = writeFile(
      dir,
      'fail.json',
      JSON.stringify([
        { action: 'start', services: ['broken'] },
        { action: 'start', services: ['db'] },
      ]),
    );
    const failed = await runCliAsync(['batch', '--file', failing, '--url', serve.url, '--data-dir', dataDir]);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('FAILED: broken (start command not found: no-such-command-4711 (not on PATH, or no such file))');
    expect(failed.stdout.trim().split('\n').at(-1)).toMatch(/^2 steps: 0 ok, 1 failed, 1 not run/);
  });

  it('says what is wrong with the file, and when no server answers', () => {
    const dir = tempDir();
    const bad = writeFile(dir, 'ops.json', JSON.stringify([{ action: 'start' }, { action: 'launch', services: ['x'] }]));
    const result = runCli(['batch', '--file', bad, '--data-dir', tempDir(), '--token', 'x']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `zervigo: ${bad}: step 2.action: action is one of start, stop, restart, reset; expected [{ "action": "start", "services": ["api"] }, ...]\n`,
    );
    const good = writeFile(dir, 'good.json', JSON.stringify([{ action: 'start' }]));
    const nobody = runCli(['batch', '--file', good, '--url', 'http://127.0.0.1:9', '--token', 'x', '--data-dir', tempDir()]);
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/^zervigo: (no Zervigo server answers at http:\/\/127\.0\.0\.1:9|cannot follow the events at http:\/\/127\.0\.0\.1:9)/);
  });
});

describe('zervigo sessions', () => {
  it("lists the workspace's tmux sessions with how to attach, and converts a tmuxinator project", () => {
    const { socket, tmux } = privateTmux();
    const dir = tempDir();
    writeFile(dir, 'zervigo.yaml', `version: 1\ntmux: { socket: ${socket} }\n`);
    expect(runCli(['sessions'], { cwd: dir }).stdout).toBe(
      `No sessions on tmux server -L ${socket}. Services with \`tmux: true\` start in one; \`zervigo serve\` creates layouts (tmux.layouts).\n`,
    );
    tmux('new-session', '-d', '-s', 'shop', '-n', 'api', 'sleep 60');
    tmux('new-window', '-d', '-t', 'shop:', '-n', 'db', 'sleep 60');
    const listed = runCli(['sessions'], { cwd: dir });
    expect(listed.stdout.split('\n')).toEqual([
      `1 session on tmux server -L ${socket}`,
      '',
      'SESSION  WINDOW  PANES  STATE    COMMANDS',
      'shop     0:api   1      running  sleep',
      'shop     1:db    1      running  sleep',
      '',
      `attach: tmux -L ${socket} attach -t shop`,
      '',
    ]);
    const project = writeFile(dir, 'dev.yml', 'name: dev\nwindows:\n  - editor: vim\n  - server: npm start\n');
    expect(runCli(['sessions', 'import', project], { cwd: dir }).stdout).toBe(
      'tmux:\n  layouts:\n    dev:\n      windows:\n        - name: editor\n          panes:\n            - command: vim\n        - name: server\n          panes:\n            - command: npm start\n',
    );
  });
});
