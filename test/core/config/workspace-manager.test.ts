import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { WorkspaceManager } from '../../../src/core/config/workspace-manager';
import { EventBus } from '../../../src/core/event-bus';
import { silentLogger } from '../../../src/core/logger';
import { ConfigHistory } from '../../../src/core/store/config-history';
import { openDatabase, type Database } from '../../../src/core/store/database';
import type { ConfigErrorView, WorkspaceView } from '../../../src/shared/types/workspace';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { builtinKinds } from '../../../src/core/builtin-kinds';

const good = (services: string) => `version: 1\nservices:\n${services}`;

let opened: { db: Database; manager: WorkspaceManager }[] = [];
afterEach(() => {
  for (const { db, manager } of opened) {
    manager.close();
    db.close();
  }
  opened = [];
});

function setup(dataDir = tempDir()) {
  const db = openDatabase(path.join(dataDir, 'zervigo.db'));
  const bus = new EventBus();
  const history = new ConfigHistory(db);
  const manager = new WorkspaceManager({ kinds: builtinKinds, history, bus, clock: systemClock, logger: silentLogger, processEnv: {} });
  opened.push({ db, manager });
  const changed: WorkspaceView[] = [];
  const invalid: ConfigErrorView[] = [];
  bus.on('workspace.changed', (view) => changed.push(view));
  bus.on('workspace.invalid', (error) => invalid.push(error));
  return { db, manager, history, changed, invalid, dataDir };
}

describe('WorkspaceManager', () => {
  it('applies a valid edit of the file and records it', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', good('  db: {}\n'));
    const { manager, history, changed } = setup();
    manager.open(file);
    fs.writeFileSync(file, good('  db: {}\n  api: { depends_on: [db] }\n'));
    await waitFor(() => Object.keys(manager.current().config.services).length === 2, { what: 'the edit to apply' });
    expect(changed.at(-1)?.counts.services).toBe(2);
    expect(history.recent(10).map((version) => version.source)).toEqual(['file', 'startup']);
  });

  it('keeps the last good version running when an edit is invalid, and publishes the error', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', good('  db: {}\n'));
    const { manager, invalid, history } = setup();
    manager.open(file);
    fs.writeFileSync(file, good('  db:\n    strat: redis-server\n'));
    await waitFor(() => invalid.length > 0, { what: 'the rejection event' });
    expect(invalid[0]?.issues[0]).toMatchObject({ file, line: 4, col: 5, message: 'unknown key "strat"; did you mean "start"?' });
    expect(manager.current().config.services.db).toBeDefined();
    expect(manager.view().error?.issues).toHaveLength(1);
    expect(history.recent(10)).toHaveLength(1);

    fs.writeFileSync(file, good('  db: { start: redis-server }\n'));
    await waitFor(() => manager.view().error === null, { what: 'the fixed edit to apply' });
    expect(manager.current().config.services.db?.start).toBe('redis-server');
  });

  it('starts from the last good version when the file is broken at startup', () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', good('  db: {}\n'));
    const first = setup(dataDir);
    first.manager.open(file);
    first.manager.close();
    first.db.close();
    opened = [];

    fs.writeFileSync(file, 'version: 1\nservices: [\n');
    const second = setup(dataDir);
    second.manager.open(file);
    expect(Object.keys(second.manager.current().config.services)).toEqual(['db']);
    expect(second.manager.view().error?.issues[0]?.file).toBe(file);
  });

  it('refuses to start with a broken file that was never good, listing every problem', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 2\nservices:\n  a: { strat: x }\n');
    const { manager } = setup();
    expect(() => manager.open(file)).toThrow(/zervigo\.yaml:1:10: version: expected version: 1\n.*zervigo\.yaml:3:8: services\.a: unknown key "strat"/s);
  });

  it('saves from the app atomically, refuses a stale base version and an invalid text', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', good('  db: {}\n'));
    const { manager } = setup();
    const base = manager.open(file).versionId;
    expect(() => manager.save('version: 1\nservices: { a: { bad: 1 } }\n', 'app', base)).toThrow(/unknown key "bad"/);
    expect(fs.readFileSync(file, 'utf8')).toBe(good('  db: {}\n'));

    const saved = manager.save(good('  db: {}\n  cache: {}\n'), 'app', base);
    expect(saved.counts.services).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toContain('cache');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['zervigo.yaml']);
    expect(() => manager.save(good('  x: {}\n'), 'app', base)).toThrow(/changed since it was opened/);
  });

  it('dates a saved version when the save was asked for, not after validating it (a busy machine parses slowly)', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', good('  db: {}\n'));
    const dataDir = tempDir();
    const db = openDatabase(path.join(dataDir, 'zervigo.db'));
    const history = new ConfigHistory(db);
    let now = 1_000_000;
    // Each parse asks for the plugin kinds: here it takes 1.5 s, as on a machine at load 60.
    const manager = new WorkspaceManager({
      kinds: builtinKinds,
      history,
      bus: new EventBus(),
      clock: { ...systemClock, now: () => now },
      logger: silentLogger,
      processEnv: {},
      pluginKinds: () => {
        now += 1_500;
        return undefined;
      },
    });
    opened.push({ db, manager });
    const base = manager.open(file).versionId;
    now = 2_000_000;
    const saved = manager.save(good('  db: {}\n  cache: {}\n'), 'app', base);
    expect(history.recent(1)[0]).toMatchObject({ id: saved.versionId, at: 2_000_000 });
  });

  it('restores an earlier version to the file', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', good('  db: {}\n'));
    const { manager, history } = setup();
    const first = manager.open(file).versionId;
    manager.save(good('  db: {}\n  api: {}\n'), 'app');
    manager.restore(first);
    expect(fs.readFileSync(file, 'utf8')).toBe(good('  db: {}\n'));
    expect(history.recent(10).map((version) => version.source)).toEqual(['restore', 'app', 'startup']);
  });

  it('switches environment only when the workspace is valid in it', () => {
    const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nenvironments:\n  dev: { vars: { P: 1 } }\n  prod: {}\nservices:\n  api:\n    port: ${P}\n');
    const { manager } = setup();
    manager.open(file);
    expect(() => manager.setEnvironment('prod')).toThrow(/\$\{P\} is not set/);
    expect(manager.current().environment).toBe('dev');
  });

  it('will not edit the built-in workspace', () => {
    const { manager } = setup();
    manager.open(null);
    expect(() => manager.save('version: 1\n', 'app')).toThrow(/zervigo init/);
  });
});
