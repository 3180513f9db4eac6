import { describe, expect, it } from 'vitest';
import { applyWorkspaceEdits } from '../../../src/core/config/workspace-edit';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const workspace = `# yaml-language-server: $schema=./zervigo.schema.json
version: 1
services:
  api: { start: node server.js }      # the API

routes:
  - notify: [desktop, ops]
    mute_when: [maintenance]

channels:
  desktop:   { desktop: true }        # tray and toast
  ops:
    webhook:
      url: "\${OPS_HOOK}"             # secret, from the environment
      headers: { X-Team: ops }
    send_resolved: false

time_windows:
  maintenance: [{ weekdays: [sat, sun], times: "22:00-06:00" }]
`;

const valid = (text: string) => parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: { OPS_HOOK: 'http://127.0.0.1:9/x' } }).ok;

describe('editing the workspace text in place', () => {
  it('changes one value and leaves every other byte alone: comments, alignment, quoting', () => {
    const out = applyWorkspaceEdits(workspace, [
      { path: ['channels', 'ops'], value: { webhook: { url: '${OPS_HOOK}', headers: { 'X-Team': 'sre' } }, send_resolved: false } },
    ]);
    expect(out).toBe(workspace.replace('headers: { X-Team: ops }', 'headers: { X-Team: sre }'));
    const quoted = applyWorkspaceEdits(workspace, [{ path: ['channels', 'ops', 'webhook', 'url'], value: 'https://hooks.example.com/a b' }]);
    expect(quoted).toBe(workspace.replace('"${OPS_HOOK}"', '"https://hooks.example.com/a b"'));
  });

  it('adds a channel under the others, in their indentation, and the file stays valid', () => {
    const out = applyWorkspaceEdits(workspace, [
      { path: ['channels', 'oncall'], value: { email: { smtp: 'smtp://127.0.0.1:2525', to: ['oncall@example.com'] } } },
    ]);
    expect(out).toBe(
      workspace.replace(
        '    send_resolved: false\n',
        '    send_resolved: false\n  oncall:\n    email:\n      smtp: smtp://127.0.0.1:2525\n      to:\n        - oncall@example.com\n',
      ),
    );
    expect(valid(out)).toBe(true);
  });

  it('removes a key with its lines, and a last key leaves an empty mapping, not null', () => {
    const withoutOps = applyWorkspaceEdits(workspace, [{ path: ['channels', 'ops'], delete: true }]);
    expect(withoutOps).toBe(workspace.replace(/ {2}ops:\n( {4}.*\n| {6}.*\n)+/, ''));
    const withoutFlowKey = applyWorkspaceEdits(workspace, [{ path: ['services', 'api', 'start'], delete: true }]);
    expect(withoutFlowKey).toContain('  api: {}      # the API');
    const none = applyWorkspaceEdits(withoutOps, [{ path: ['channels', 'desktop'], delete: true }]);
    expect(none).toContain('channels: {}\n\ntime_windows:');
  });

  it('edits flow collections in place and creates sections that are missing', () => {
    const windows = applyWorkspaceEdits(workspace, [
      { path: ['time_windows', 'maintenance'], value: [{ weekdays: ['sat', 'sun'], times: '23:00-05:00' }, { weekdays: ['wed'] }] },
    ]);
    expect(windows).toContain('  maintenance: [ { weekdays: [ sat, sun ], times: 23:00-05:00 }, { weekdays: [ wed ] } ]\n');
    expect(valid(windows)).toBe(true);
    const created = applyWorkspaceEdits('version: 1\n# end\n', [{ path: ['time_windows', 'nightly'], value: [{ times: '01:00-02:00' }] }]);
    expect(created).toBe('version: 1\n# end\ntime_windows:\n  nightly:\n    - times: 01:00-02:00\n');
    expect(valid(created)).toBe(true);
    const flowAdd = applyWorkspaceEdits(workspace, [{ path: ['services', 'api', 'cwd'], value: './api' }]);
    expect(flowAdd).toContain('  api: { start: node server.js, cwd: ./api }      # the API');
  });

  it('refuses a text that does not parse, saying where to fix it', () => {
    expect(() => applyWorkspaceEdits('version: 1\nchannels: [\n', [{ path: ['channels', 'x'], value: { desktop: true } }])).toThrow(/does not parse/);
  });
});
