import type { EventBus } from '../core/event-bus';
import type { Settings } from '../shared/types/settings';
import type { EngineClient } from './engine-client';

/**
 * The settings the shell acts on (paused notifications, update URL), read once and then kept
 * current from 'settings.changed', so the tray, notifications and updater never poll.
 */
export class SettingsMirror {
  private current: Settings = { updateUrl: null, notificationsPausedUntil: null, operatorName: null };
  private changedWhileLoading = false;
  private readonly listeners = new Set<(settings: Settings) => void>();
  private readonly stop: () => void;

  private constructor(bus: Pick<EventBus, 'on'>) {
    this.stop = bus.on('settings.changed', (settings) => {
      this.changedWhileLoading = true;
      this.set(settings);
    });
  }

  static async load(client: EngineClient, bus: Pick<EventBus, 'on'>): Promise<SettingsMirror> {
    const mirror = new SettingsMirror(bus);
    const loaded = await client('settings.get', undefined);
    // An event that arrived while loading is newer than what was read.
    if (!mirror.changedWhileLoading) mirror.set(loaded);
    return mirror;
  }

  get(): Settings {
    return this.current;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.stop();
    this.listeners.clear();
  }

  private set(settings: Settings): void {
    this.current = settings;
    for (const listener of this.listeners) listener(settings);
  }
}
