import { describe, expect, it } from 'vitest';
import { capabilityLines, contributionWords, pluginLook, pluginProblem } from '../../src/renderer/src/pages/settings/plugin-words';
import type { PluginView } from '../../src/shared/types/plugins';

const view = (overrides: Partial<PluginView>): PluginView => ({
  id: 'redis',
  packageName: 'zervigo-plugin-redis',
  version: '1.0.0',
  description: '',
  engines: '>=0.1.0',
  contributes: { probes: ['redis'], channels: [], actions: [], analysers: [], logParsers: [] },
  capabilities: { network: [], commands: [], read: [], write: [] },
  enabled: true,
  trusted: true,
  state: 'ready',
  reason: null,
  restarts: 0,
  restartAt: null,
  pid: 42,
  dir: '/data/plugins/redis',
  ...overrides,
});

describe('a plugin in words', () => {
  it('says each capability as a sentence, the network one as not enforced', () => {
    expect(
      capabilityLines({
        network: ['127.0.0.1:6379', 'db.local:5432'],
        commands: ['systemctl'],
        read: ['/etc/hosts'],
        write: ['/var/tmp/a', '/var/tmp/b', '/srv'],
      }),
    ).toEqual([
      'Connect to 127.0.0.1:6379 and db.local:5432 (shown, not enforced)',
      'Run the command systemctl',
      'Read /etc/hosts',
      'Write to /var/tmp/a, /var/tmp/b and /srv',
    ]);
    expect(capabilityLines({ network: [], commands: [], read: [], write: [] })).toEqual([]);
  });

  it('names what it adds by kind', () => {
    expect(contributionWords({ probes: ['redis'], channels: ['a', 'b'], actions: [], analysers: [], logParsers: ['nginx'] })).toBe(
      'probe redis, channels a and b, log parser nginx',
    );
  });

  it('calls a plugin whose process went down crashed, with the reason; one running again keeps the last reason as history', () => {
    const down = view({ state: 'down', reason: 'exited with code 3', restarts: 2, restartAt: 1 });
    expect(pluginLook(down)).toMatchObject({ tone: 'critical', label: 'crashed' });
    expect(pluginProblem(down)).toEqual({ now: true, text: 'exited with code 3' });
    expect(pluginProblem(view({ state: 'ready', reason: 'exited with code 3', restarts: 2 }))).toEqual({ now: false, text: 'exited with code 3' });
    expect(pluginProblem(view({}))).toBeNull();
    expect(pluginLook(view({ enabled: false, state: 'disabled' }))).toMatchObject({ tone: 'neutral', label: 'disabled' });
  });
});
