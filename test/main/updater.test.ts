import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/core/logger';
import { startUpdateChecks, type UpdaterLike } from '../../src/main/updater';
import type { Settings } from '../../src/shared/types/settings';
import { waitFor } from '../helpers/wait-for';

/** electron-updater needs Electron; this records what the shell asks of it. */
function fakeUpdater(result: Awaited<ReturnType<UpdaterLike['checkForUpdates']>> | Error = { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }) {
  const calls: string[] = [];
  const updater: UpdaterLike = {
    logger: null,
    setFeedURL: (options) => void calls.push(`feed ${options.provider} ${options.url}`),
    checkForUpdates: async () => {
      calls.push('check');
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { updater, calls };
}

function settingsSource(initial: string | null) {
  let settings: Settings = { updateUrl: initial, notificationsPausedUntil: null, operatorName: null };
  const listeners = new Set<(settings: Settings) => void>();
  return {
    get: () => settings,
    onChange: (listener: (settings: Settings) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(updateUrl: string | null) {
      settings = { ...settings, updateUrl };
      for (const listener of listeners) listener(settings);
    },
  };
}

/** Update checks run on promises: one turn of the event loop lets every pending step finish. */
const drain = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('update checks', () => {
  it('never load electron-updater in development', async () => {
    let loaded = false;
    const settings = settingsSource('https://updates.example.com/zervigo');
    const stop = startUpdateChecks({ isPackaged: false, settings, loadUpdater: async () => ((loaded = true), fakeUpdater().updater), logger: silentLogger });
    settings.set('https://other.example.com/');
    await drain();
    expect(loaded).toBe(false);
    stop();
  });

  it('wait for an update URL, then check against it as a generic feed, and again when it changes', async () => {
    const { updater, calls } = fakeUpdater();
    const settings = settingsSource(null);
    const stop = startUpdateChecks({ isPackaged: true, settings, loadUpdater: async () => updater, logger: silentLogger });
    await drain();
    expect(calls).toEqual([]);
    settings.set('https://updates.example.com/zervigo');
    await waitFor(() => calls.length === 2);
    expect(calls).toEqual(['feed generic https://updates.example.com/zervigo', 'check']);
    expect(updater.logger).not.toBeNull();
    settings.set('https://updates.example.com/zervigo');
    settings.set('https://mirror.example.com/zervigo');
    await waitFor(() => calls.length === 4);
    expect(calls.slice(2)).toEqual(['feed generic https://mirror.example.com/zervigo', 'check']);
    stop();
  });

  it('checks again once a running check ends, when the URL changed during it', async () => {
    const { updater, calls } = fakeUpdater();
    const settings = settingsSource('https://a.example.com/');
    const stop = startUpdateChecks({ isPackaged: true, settings, loadUpdater: async () => updater, logger: silentLogger });
    settings.set('https://b.example.com/');
    await waitFor(() => calls.length === 4);
    expect(calls).toEqual(['feed generic https://a.example.com/', 'check', 'feed generic https://b.example.com/', 'check']);
    stop();
  });

  it('checks periodically and survives a failing check', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { updater, calls } = fakeUpdater(new Error('getaddrinfo ENOTFOUND updates.example.com'));
    const settings = settingsSource('https://updates.example.com/zervigo');
    const stop = startUpdateChecks({ isPackaged: true, settings, loadUpdater: async () => updater, logger: silentLogger, intervalMs: 30 });
    const checks = () => calls.filter((call) => call === 'check').length;
    await drain();
    expect(checks()).toBe(1);
    await vi.advanceTimersByTimeAsync(60);
    expect(checks()).toBe(3);
    stop();
    await vi.advanceTimersByTimeAsync(300);
    expect(checks()).toBe(3);
  });
});
