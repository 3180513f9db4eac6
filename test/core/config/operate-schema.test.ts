import { describe, expect, it } from 'vitest';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const issues = (yaml: string): string[] => {
  const parsed = parseWorkspace(yaml, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
  return parsed.ok ? [] : parsed.issues.map(formatIssue);
};

describe('the workspace file: what service control adds', () => {
  it('reports a dependency cycle by name, at the dependency that closes it', () => {
    expect(issues('version: 1\nservices:\n  api:\n    depends_on: [db]\n  db:\n    depends_on: [cache]\n  cache:\n    depends_on: [api]\n')).toEqual([
      'zervigo.yaml:4:18: services.api.depends_on[0]: dependency cycle: api → db → cache → api',
    ]);
  });

  it("checks the tmux section with did-you-mean, and layout panes' dependencies", () => {
    expect(
      issues(`version: 1
services:
  db: { start: redis-server }
tmux:
  sesion: shop
  layouts:
    dev:
      windows:
        - name: code
          layout: main-vertcal
          panes:
            - vim
            - { command: npm run watch, depnds_on: [db] }
            - { command: "make | tee log" }
`),
    ).toEqual([
      'zervigo.yaml:5:3: tmux: unknown key "sesion"; did you mean "session"?',
      'zervigo.yaml:10:19: tmux.layouts.dev.windows[0].layout: expected even-horizontal, even-vertical, main-horizontal, main-vertical, tiled or a tmux layout string',
      'zervigo.yaml:13:41: tmux.layouts.dev.windows[0].panes[1]: unknown key "depnds_on"; did you mean "depends_on"?',
      'zervigo.yaml:14:26: tmux.layouts.dev.windows[0].panes[2].command: "|" is shell syntax; add `shell: true` to run this command through /bin/sh, or write it as a list of arguments',
    ]);
  });

  it('checks that a pane depends on services of the workspace', () => {
    expect(
      issues(
        'version: 1\nservices:\n  db: {}\ntmux:\n  layouts:\n    dev:\n      windows:\n        - name: a\n          panes: [{ command: vim, depends_on: [dbb] }]\n',
      ),
    ).toEqual(['zervigo.yaml:9:48: tmux.layouts.dev.windows[0].panes[0].depends_on[0]: unknown service "dbb"; did you mean "db"?']);
  });

  it('accepts panes written as commands, argv lists or mappings', () => {
    const parsed = parseWorkspace(
      'version: 1\ntmux:\n  socket: zv\n  layouts:\n    dev:\n      windows:\n        - name: a\n          panes: [vim, [npm, run, watch], { command: "make | tee log", shell: true }, {}]\n        - name: b\n',
      { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} },
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.workspace.config.tmux.socket).toBe('zv');
    expect(parsed.workspace.config.tmux.layouts.dev?.windows.map((window) => window.panes.map((pane) => pane.command ?? null))).toEqual([
      ['vim', ['npm', 'run', 'watch'], 'make | tee log', null],
      [null],
    ]);
  });
});
