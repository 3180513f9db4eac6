import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { importProject } from '../../../src/core/sessions/project-import';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { contextAs } from '../../helpers/principals';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const tmuxinator = `# ~/.tmuxinator/shop.yml
name: shop
root: ~/code/shop
pre_window: nvm use 20
windows:
  - editor:
      layout: main-vertical
      panes:
        - vim
        - guard
  - server: bundle exec rails s
  - logs: tail -f log/development.log | grep -v DEBUG
`;

const tmuxp = `session_name: api-dev
start_directory: /srv/api
windows:
  - window_name: dev
    layout: tiled
    shell_command_before:
      - source .env
    panes:
      - shell_command:
          - npm run watch
      - echo "hello world"
      - null
  - window_name: db
    panes:
      - psql api
`;

describe('importing tmuxinator and tmuxp projects', () => {
  it('turns a tmuxinator project into a layout: argv where a command is plain, a shell where it needs one', () => {
    const result = importProject(tmuxinator, '/home/op/.tmuxinator/shop.yml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result).toMatchObject({ format: 'tmuxinator', name: 'shop', warnings: ["pre_window (nvm use 20) is run before each pane's command"] });
    expect(result.layout).toEqual({
      cwd: path.join(os.homedir(), 'code/shop'),
      windows: [
        {
          name: 'editor',
          layout: 'main-vertical',
          panes: [
            { command: 'nvm use 20; vim', shell: true },
            { command: 'nvm use 20; guard', shell: true },
          ],
        },
        { name: 'server', panes: [{ command: 'nvm use 20; bundle exec rails s', shell: true }] },
        { name: 'logs', panes: [{ command: 'nvm use 20; tail -f log/development.log | grep -v DEBUG', shell: true }] },
      ],
    });
  });

  it('turns a tmuxp session into a layout, empty panes into shells', () => {
    const result = importProject(tmuxp, 'api.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.name).toBe('api-dev');
    expect(result.layout).toEqual({
      cwd: '/srv/api',
      windows: [
        {
          name: 'dev',
          layout: 'tiled',
          panes: [
            { command: 'source .env; npm run watch', shell: true },
            { command: 'source .env; echo "hello world"', shell: true },
            { command: 'source .env' },
          ],
        },
        { name: 'db', panes: [{ command: 'psql api' }] },
      ],
    });
  });

  it('points at the line of a problem in the project file', () => {
    const result = importProject('session_name: x\nwindows:\n  - window_name: a\n    panes: 7\n', 'broken.yaml');
    expect(result).toEqual({ ok: false, issues: [{ file: 'broken.yaml', line: 4, col: 12, path: 'windows[0].panes', message: 'expected a list, got 7' }] });
  });

  it('adds an imported layout to the workspace file, which still validates', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', '# my services\nversion: 1\nservices: {}\n');
    writeFile(dir, 'shop.yml', tmuxinator);
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
    try {
      const preview = (await engine.dispatch('sessions.import', { file: 'shop.yml' }, contextAs('admin', 'operator'))) as {
        name: string;
        yaml: string;
        applied: boolean;
      };
      expect(preview.applied).toBe(false);
      expect(Object.keys((parse(preview.yaml) as { tmux: { layouts: Record<string, unknown> } }).tmux.layouts)).toEqual(['shop']);
      const applied = (await engine.dispatch('sessions.import', { file: 'shop.yml', name: 'shop2', apply: true }, contextAs('admin', 'operator'))) as {
        applied: boolean;
      };
      expect(applied.applied).toBe(true);
      const content = engine.workspace.current().content;
      expect(content.startsWith('# my services\n')).toBe(true);
      const parsed = parseWorkspace(content, { kinds: builtinKinds, file, processEnv: {} });
      expect(parsed.ok && Object.keys(parsed.workspace.config.tmux.layouts)).toEqual(['shop2']);
    } finally {
      await engine.stop();
    }
  });
});
