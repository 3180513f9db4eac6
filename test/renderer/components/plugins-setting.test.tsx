// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { PluginsSetting } from '../../../src/renderer/src/pages/settings/PluginsSetting';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import type { PluginView } from '../../../src/shared/types/plugins';
import { recordingBridge, renderInConsole } from './render';

afterEach(() => {
  cleanup();
  useMeStore.setState({ me: null });
});

const plugin = (overrides: Partial<PluginView> = {}): PluginView => ({
  id: 'redis',
  packageName: 'zervigo-plugin-redis',
  version: '1.0.0',
  description: 'PING a Redis server',
  engines: '>=0.1.0',
  contributes: { probes: ['redis'], channels: [], actions: [], analysers: [], logParsers: [] },
  capabilities: { network: ['127.0.0.1:6379'], commands: [], read: [], write: [] },
  enabled: false,
  trusted: false,
  state: 'disabled',
  reason: null,
  restarts: 0,
  restartAt: null,
  pid: null,
  dir: '/data/plugins/redis',
  ...overrides,
});

/** A bridge answering like the engine: the list, enable (refused without accept until trusted), and plugins.changed. */
function pluginsBridge(initial: PluginView[]) {
  let views = initial;
  const listeners: ((views: PluginView[]) => void)[] = [];
  const base = recordingBridge((name, input) => {
    if (name === 'plugins.list') return views;
    if (name === 'plugins.enable') {
      const { id, accept } = input as { id: string; accept?: boolean };
      const found = views.find((view) => view.id === id)!;
      if (!found.trusted && accept !== true) throw new Error(`plugin ${id} asks for network: 127.0.0.1:6379; accept them to enable it`);
      views = views.map((view) => (view.id === id ? { ...view, enabled: true, trusted: true, state: 'ready' } : view));
      return views.find((view) => view.id === id);
    }
    if (name === 'plugins.disable') {
      views = views.map((view) => (view.id === (input as { id: string }).id ? { ...view, enabled: false, state: 'disabled' } : view));
      return views[0];
    }
    return undefined;
  });
  return {
    ...base,
    subscribe: ((name: string, listener: (views: PluginView[]) => void) => {
      if (name === 'plugins.changed') listeners.push(listener);
      return () => undefined;
    }) as typeof base.subscribe,
    emit: (next: PluginView[]) => {
      views = next;
      act(() => listeners.forEach((listener) => listener(next)));
    },
  };
}

describe('the Plugins panel in Settings', () => {
  it('asks to trust the capabilities once, then enables; enabling again later does not ask', async () => {
    const bridge = pluginsBridge([plugin()]);
    renderInConsole(<PluginsSetting />, { bridge });
    await userEvent.click(await screen.findByTestId('plugin-enable-redis'));
    expect((await screen.findAllByTestId('plugin-trust-capability')).map((line) => line.textContent)).toEqual([
      'Connect to 127.0.0.1:6379 (shown, not enforced)',
    ]);
    // Nothing was enabled by opening the dialog.
    expect(bridge.calls.filter((call) => call.name === 'plugins.enable')).toEqual([]);
    await userEvent.click(screen.getByTestId('plugin-trust-accept'));
    await waitFor(() =>
      expect(bridge.calls.filter((call) => call.name === 'plugins.enable').map((call) => call.input)).toEqual([{ id: 'redis', accept: true }]),
    );
    bridge.emit([plugin({ enabled: true, trusted: true, state: 'ready', pid: 7 })]);
    await userEvent.click(await screen.findByTestId('plugin-disable-redis'));
    bridge.emit([plugin({ enabled: false, trusted: true, state: 'disabled' })]);
    await userEvent.click(await screen.findByTestId('plugin-enable-redis'));
    await waitFor(() => expect(bridge.calls.filter((call) => call.name === 'plugins.enable').at(-1)?.input).toEqual({ id: 'redis' }));
    expect(screen.queryByTestId('plugin-trust-dialog')).toBeNull();
  });

  it('shows a crash live: the reason, the restarts and when it starts again, then running with the last reason', async () => {
    const bridge = pluginsBridge([plugin({ enabled: true, trusted: true, state: 'ready', pid: 7 })]);
    renderInConsole(<PluginsSetting />, { bridge });
    expect((await screen.findByTestId('plugin-state-redis')).textContent).toBe('running');
    bridge.emit([plugin({ enabled: true, trusted: true, state: 'down', reason: 'exited with code 3', restarts: 2, restartAt: Date.now() + 4_000 })]);
    await waitFor(() => expect(screen.getByTestId('plugin-state-redis').textContent).toMatch(/^crashed2 restartsexited with code 3starts again in \d s$/));
    bridge.emit([plugin({ enabled: true, trusted: true, state: 'ready', reason: 'exited with code 3', restarts: 3, pid: 8 })]);
    await waitFor(() => expect(screen.getByTestId('plugin-state-redis').textContent).toBe('running3 restartslast went down: exited with code 3'));
  });

  it('lets a viewer read the list but not install, enable or remove, saying why', async () => {
    useMeStore.setState({
      me: {
        name: 'vi',
        role: 'viewer',
        denied: { 'plugins.install': 'configure', 'plugins.enable': 'configure', 'plugins.disable': 'configure', 'plugins.remove': 'configure' },
        token: null,
      } as never,
    });
    const bridge = pluginsBridge([plugin()]);
    renderInConsole(<PluginsSetting />, { bridge });
    const enable = await screen.findByTestId('plugin-enable-redis');
    expect(enable.getAttribute('data-denied')).toBe('needs admin');
    expect(screen.getByTestId('plugin-remove-redis').getAttribute('data-denied')).toBe('needs admin');
    expect(screen.getByTestId<HTMLInputElement>('plugin-install-source').disabled).toBe(true);
    await userEvent.click(enable);
    await userEvent.click(screen.getByTestId('plugin-remove-redis'));
    expect(screen.queryByTestId('plugin-trust-dialog')).toBeNull();
    expect(screen.queryByText('Remove plugin redis?')).toBeNull();
    expect(bridge.calls.map((call) => call.name)).toEqual(['plugins.list']);
  });
});
