import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionMonitor, ConnectionStatus } from '../../src/renderer/src/bridge/connection';
import type { RendererBridge } from '../../src/renderer/src/bridge/renderer-bridge';
import { useConnectionStore } from '../../src/renderer/src/stores/connection-store';
import { useAlertsStore } from '../../src/renderer/src/stores/alerts-store';
import { useHealthStore } from '../../src/renderer/src/stores/health-store';
import { feedStores } from '../../src/renderer/src/stores/feed-stores';
import { useServicesStore } from '../../src/renderer/src/stores/services-store';
import { useWorkspaceStore } from '../../src/renderer/src/stores/workspace-store';
import type { AlertView } from '../../src/shared/types/alerts';
import type { HealthSummary } from '../../src/shared/types/app';
import type { ServiceView } from '../../src/shared/types/service';
import type { WorkspaceView } from '../../src/shared/types/workspace';

interface Deferred {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A Bridge whose answers the test gives by hand, and whose events it emits. */
function fakeBridge() {
  const pending = new Map<string, Deferred[]>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const resyncListeners = new Set<() => void>();
  let status: ConnectionStatus = { socket: 'connecting', signedOut: false };
  const connection: ConnectionMonitor = {
    current: () => status,
    onChange: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onResync: (listener) => {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
  };
  const bridge = {
    kind: 'web',
    connection,
    invoke: (name: string) =>
      new Promise((resolve, reject) => {
        pending.set(name, [...(pending.get(name) ?? []), { resolve, reject }]);
      }),
    subscribe: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    signIn: async () => undefined,
  } as unknown as RendererBridge;
  return {
    bridge,
    answer: (name: string, value: unknown) => pending.get(name)?.shift()?.resolve(value),
    fail: (name: string, error: unknown) => pending.get(name)?.shift()?.reject(error),
    emit: (name: string, payload: unknown) => {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    setStatus: (next: ConnectionStatus) => {
      status = next;
      for (const listener of statusListeners) listener(next);
    },
    resync: () => {
      for (const listener of resyncListeners) listener();
    },
    pendingCount: (name: string) => pending.get(name)?.length ?? 0,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const service = (name: string, status: ServiceView['status']): ServiceView => ({
  name,
  description: null,
  status,
  reason: null,
  dependsOn: [],
  waitingFor: [],
  runner: 'none',
  probes: [],
  runtime: null,
  pendingRestart: null,
});

const view = (versionId: number): WorkspaceView => ({
  name: 'shop',
  path: '/srv/shop/zervigo.yaml',
  builtIn: false,
  environment: 'dev',
  environments: [],
  content: 'version: 1\n',
  versionId,
  loadedAt: 1,
  counts: { services: 0, probes: 0, rules: 0, routes: 0, channels: 0 },
  error: null,
});

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
});

describe('feedStores', () => {
  it('fills the stores from the first fetch, then from events', async () => {
    const fake = fakeBridge();
    stop = feedStores(fake.bridge).stop;
    fake.answer('services.list', [service('api', 'unknown')]);
    fake.answer('workspace.get', view(3));
    await flush();
    expect(useServicesStore.getState()).toMatchObject({ services: [{ name: 'api' }], load: { status: 'ready' } });
    expect(useWorkspaceStore.getState().view?.versionId).toBe(3);
    fake.emit('services.changed', [service('api', 'down')]);
    expect(useServicesStore.getState().services[0]?.status).toBe('down');
  });

  it('keeps an event that overtook the fetch', async () => {
    const fake = fakeBridge();
    stop = feedStores(fake.bridge).stop;
    fake.emit('services.changed', [service('api', 'up')]);
    fake.answer('services.list', [service('api', 'unknown')]);
    await flush();
    expect(useServicesStore.getState().services[0]?.status).toBe('up');
  });

  it('shows a rejected edit on the running view and clears it with the next good version', async () => {
    const fake = fakeBridge();
    stop = feedStores(fake.bridge).stop;
    fake.answer('workspace.get', view(4));
    await flush();
    const error = {
      at: 5,
      file: '/srv/shop/zervigo.yaml',
      issues: [{ file: '/srv/shop/zervigo.yaml', line: 2, col: 1, path: 'services', message: 'expected a mapping' }],
    };
    fake.emit('workspace.invalid', error);
    expect(useWorkspaceStore.getState().view).toMatchObject({ versionId: 4, error });
    fake.emit('workspace.changed', view(5));
    expect(useWorkspaceStore.getState().view).toMatchObject({ versionId: 5, error: null });
  });

  it('fetches everything again after a reconnect and after signing in', async () => {
    const fake = fakeBridge();
    stop = feedStores(fake.bridge).stop;
    expect(fake.pendingCount('workspace.get')).toBe(1);
    fake.fail('workspace.get', new Error('unauthorized'));
    fake.setStatus({ socket: 'reconnecting', signedOut: true });
    expect(useConnectionStore.getState().status.signedOut).toBe(true);
    fake.setStatus({ socket: 'connected', signedOut: false });
    expect(fake.pendingCount('workspace.get')).toBe(1);
    fake.resync();
    expect(fake.pendingCount('workspace.get')).toBe(2);
    expect(fake.pendingCount('services.list')).toBe(3);
  });

  it("drops answers that arrive after it stopped: the pages turned to another host, and that answer is not the new host's", async () => {
    const consoleHost = fakeBridge();
    const stopConsole = feedStores(consoleHost.bridge).stop;
    const agent = fakeBridge();
    stopConsole();
    useAlertsStore.setState(useAlertsStore.getInitialState(), true);
    stop = feedStores(agent.bridge).stop;
    agent.answer('alerts.list', []);
    // The console's answer, asked before the turn, comes last.
    consoleHost.answer('alerts.list', [{ alertname: 'ConsoleOwn', state: 'firing' } as AlertView]);
    consoleHost.answer('services.list', [service('console-own', 'up')]);
    await flush();
    expect(useAlertsStore.getState()).toMatchObject({ alerts: [], load: { status: 'ready' } });
    expect(useServicesStore.getState().services.map((entry) => entry.name)).not.toContain('console-own');
  });

  it("takes the header's health from the console's Bridge while the other stores come from an agent's", async () => {
    const consoleHost = fakeBridge();
    const agent = fakeBridge();
    stop = feedStores(agent.bridge, consoleHost.bridge).stop;
    const health = (firing: number): HealthSummary => ({ level: firing > 0 ? 'critical' : 'ok', services: 1, down: 0, pending: 0, firing, at: 0 });
    expect([agent.pendingCount('health.get'), consoleHost.pendingCount('health.get')]).toEqual([0, 1]);
    consoleHost.answer('health.get', health(0));
    await flush();
    expect(useHealthStore.getState().health?.firing).toBe(0);
    agent.emit('health.changed', health(2));
    expect(useHealthStore.getState().health?.firing).toBe(0);
    consoleHost.emit('health.changed', health(1));
    expect(useHealthStore.getState().health?.firing).toBe(1);
  });
});
