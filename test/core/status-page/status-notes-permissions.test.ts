import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { engineCall } from '../../helpers/engine-call';
import { contextAs } from '../../helpers/principals';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

function start(dataDir = tempDir()): Engine {
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nservices:\n  api: {}\nstatus_page: { slug: shop, title: Shop, services: [api] }\n');
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return engine;
}

describe('incident notes of the status page', () => {
  it('are written by operators, read by viewers, refused to viewers, audited, and kept across restarts', async () => {
    const dataDir = tempDir();
    const engine = start(dataDir);
    await expect(engineCall(engine, 'statusPage.notes.create', { title: 'Outage', body: 'Down' }, contextAs('viewer'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    const note = await engineCall(engine, 'statusPage.notes.create', { title: 'Slow checkout', body: 'Looking into it.' }, contextAs('operator', 'ana'));
    expect(note).toMatchObject({ title: 'Slow checkout', impact: 'minor', state: 'investigating', resolvedAt: null });
    await expect(engineCall(engine, 'statusPage.notes.resolve', { id: note.id }, contextAs('viewer'))).rejects.toMatchObject({ code: 'forbidden' });
    const resolved = await engineCall(engine, 'statusPage.notes.resolve', { id: note.id, body: 'Fixed.' }, contextAs('operator', 'ana'));
    expect(resolved.state).toBe('resolved');
    expect(resolved.updates.map((update) => [update.state, update.body, update.by])).toEqual([
      ['resolved', 'Fixed.', 'ana'],
      ['investigating', 'Looking into it.', 'ana'],
    ]);
    await expect(engineCall(engine, 'statusPage.notes.update', { id: 999, body: 'x' }, contextAs('operator'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(engineCall(engine, 'statusPage.notes.create', { title: ' ', body: 'x' }, contextAs('operator'))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await engineCall(engine, 'statusPage.notes', undefined, contextAs('viewer'))).map((entry) => entry.title)).toEqual(['Slow checkout']);
    expect(await engineCall(engine, 'statusPage.get', undefined, contextAs('viewer'))).toEqual({
      slug: 'shop',
      title: 'Shop',
      path: '/status/shop',
      enabled: true,
      services: ['api'],
    });
    const entries = await engineCall(engine, 'audit.list', undefined, contextAs('admin'));
    expect(entries.filter((entry) => entry.action.startsWith('statusPage.notes')).map((entry) => [entry.action, entry.actor])).toEqual(
      expect.arrayContaining([
        ['statusPage.notes.create', 'ana'],
        ['statusPage.notes.resolve', 'ana'],
      ]),
    );
    await engine.stop();
    engines.splice(0);
    const again = start(dataDir);
    expect((await engineCall(again, 'statusPage.notes', { limit: 10 }, contextAs('viewer')))[0]?.updates).toHaveLength(2);
  });
});
