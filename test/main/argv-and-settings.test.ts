import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus';
import { parseDesktopArgs } from '../../src/main/argv';
import type { EngineClient } from '../../src/main/engine-client';
import { SettingsMirror } from '../../src/main/settings-mirror';
import type { Settings } from '../../src/shared/types/settings';

describe('desktop args', () => {
  it('reads --data-dir, --workspace and --env in both spellings, ignoring what Electron adds', () => {
    expect(parseDesktopArgs(['.', '--workspace', 'shop/zervigo.yaml', '--env=prod', '--data-dir', '/tmp/z', '--no-sandbox', '--inspect=9229'])).toEqual({
      workspace: 'shop/zervigo.yaml',
      environment: 'prod',
      dataDir: '/tmp/z',
    });
    expect(parseDesktopArgs(['/opt/Zervigo/zervigo'])).toEqual({});
    expect(parseDesktopArgs(['--workspace'])).toEqual({});
    expect(parseDesktopArgs(['--env='])).toEqual({});
  });
});

describe('settings mirror', () => {
  const paused: Settings = { updateUrl: null, notificationsPausedUntil: 5, operatorName: null };

  it('loads through the engine client and follows settings.changed', async () => {
    const bus = new EventBus();
    const client = (async () => paused) as unknown as EngineClient;
    const mirror = await SettingsMirror.load(client, bus);
    expect(mirror.get()).toEqual(paused);
    const seen: Settings[] = [];
    mirror.onChange((settings) => seen.push(settings));
    bus.emit('settings.changed', { updateUrl: 'https://u.example.com/', notificationsPausedUntil: null, operatorName: null });
    expect(mirror.get().updateUrl).toBe('https://u.example.com/');
    expect(seen).toHaveLength(1);
    mirror.dispose();
    bus.emit('settings.changed', paused);
    expect(mirror.get().updateUrl).toBe('https://u.example.com/');
  });

  it('keeps a change that arrives while it is loading', async () => {
    const bus = new EventBus();
    const newer: Settings = { updateUrl: 'https://newer.example.com/', notificationsPausedUntil: null, operatorName: null };
    const client = (async () => {
      bus.emit('settings.changed', newer);
      return paused;
    }) as unknown as EngineClient;
    const mirror = await SettingsMirror.load(client, bus);
    expect(mirror.get()).toEqual(newer);
  });
});
