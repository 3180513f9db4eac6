import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../src/shared/contract';
import { AlertingHarness } from '../rules/alerting-harness';
import { contextAs } from '../../helpers/principals';

describe('acknowledgements and silences name the person, not the shell', () => {
  it('records the name set in Settings, else the OS user of the engine, with the comment', async () => {
    const h = AlertingHarness.open('version: 1\n');
    const fromConsole = async <K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> =>
      (await h.engine.dispatch(name, input, contextAs('admin', 'owner'))) as CommandOutput<K>;
    const alert = h.engine.notify.raiseExternal({ alertname: 'DiskFull', labels: { host: 'db1' } });

    const byOsUser = await fromConsole('alerts.acknowledge', { fingerprint: alert.fingerprint, comment: 'looking' });
    expect(byOsUser.ack).toEqual({ by: os.userInfo().username, at: h.clock.now(), comment: 'looking' });

    await fromConsole('settings.update', { operatorName: '  Ada Lovelace ' });
    const acked = await fromConsole('alerts.acknowledge', { fingerprint: alert.fingerprint, comment: 'on it, OPS-12' });
    expect(acked.ack).toEqual({ by: 'Ada Lovelace', at: h.clock.now(), comment: 'on it, OPS-12' });
    const silence = await fromConsole('silences.create', {
      matchers: [{ name: 'host', value: 'db.*', isRegex: true, isEqual: true }],
      duration: '90m',
      comment: 'disk swap',
    });
    expect(silence).toMatchObject({ createdBy: 'Ada Lovelace', comment: 'disk swap', endsAt: h.clock.now() + 90 * 60_000 });
    const history = await h.call('alerts.history', { fingerprint: alert.fingerprint, limit: 10 });
    expect(history.find((event) => event.kind === 'ack')?.detail).toBe('Ada Lovelace: on it, OPS-12');

    // An empty name goes back to the OS user.
    expect((await fromConsole('settings.update', { operatorName: '' })).operatorName).toBeNull();
    const second = await fromConsole('silences.create', {
      matchers: [{ name: 'host', value: 'db1', isRegex: false, isEqual: false }],
      duration: '1h',
      comment: 'x',
    });
    expect(second.createdBy).toBe(os.userInfo().username);
    expect((await fromConsole('app.info', {})).user).toBe(os.userInfo().username);
  });

  it('records a signed-in person by their account, whatever the Settings name', async () => {
    const h = AlertingHarness.open('version: 1\n');
    await h.engine.dispatch('settings.update', { operatorName: 'Ada Lovelace' }, contextAs('admin', 'owner'));
    const alert = h.engine.notify.raiseExternal({ alertname: 'DiskFull', labels: { host: 'db1' } });
    const acked = (await h.engine.dispatch(
      'alerts.acknowledge',
      { fingerprint: alert.fingerprint, comment: '' },
      contextAs('operator', 'grace'),
    )) as CommandOutput<'alerts.acknowledge'>;
    expect(acked.ack?.by).toBe('grace');
  });
});
