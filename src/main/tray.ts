import path from 'node:path';
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import type { HealthLevel, HealthSummary } from '../shared/types/app';
import type { AutomationState } from '../shared/types/jobs';
import type { EngineClient } from './engine-client';
import { ONE_HOUR_MS, PAUSED_UNTIL_RESUMED, pauseState } from './notification-pause';
import type { SettingsMirror } from './settings-mirror';
import { trayMenuTemplate, trayView } from './tray-presentation';

export interface StatusTrayDeps {
  /** Calls made with actor 'tray', so the audit log says where a pause came from. */
  client: EngineClient;
  bus: Pick<EventBus, 'on'>;
  settings: SettingsMirror;
  iconDir: string;
  openWindow(): void;
  quit(): void;
  logger: Logger;
  now?: () => number;
}

const formatTime = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** setTimeout's limit; a pause longer than this is refreshed by the next event instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The tray icon: the worst state as its colour and the firing count beside it (UI.md); its
 * menu opens the window, pauses or resumes desktop notifications, and flips the automation
 * switch, all through the engine.
 */
export class StatusTray {
  private readonly tray: Tray;
  private readonly icons = new Map<HealthLevel, NativeImage>();
  private health: HealthSummary | null = null;
  private automation: AutomationState | null = null;
  private pauseTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly now: () => number;

  private constructor(private readonly deps: StatusTrayDeps) {
    this.now = deps.now ?? Date.now;
    this.tray = new Tray(this.icon('unknown'));
    this.tray.on('click', () => deps.openWindow());
    this.unsubscribe.push(
      deps.bus.on('health.changed', (health) => {
        this.health = health;
        this.render();
      }),
      deps.bus.on('automation.changed', (automation) => {
        this.automation = automation;
        this.render();
      }),
      deps.settings.onChange(() => this.render()),
    );
    this.render();
  }

  static async start(deps: StatusTrayDeps): Promise<StatusTray> {
    const tray = new StatusTray(deps);
    try {
      tray.health ??= await deps.client('health.get', undefined);
      tray.automation ??= await deps.client('automation.get', undefined);
      tray.render();
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not read health or the automation switch for the tray');
    }
    return tray;
  }

  dispose(): void {
    for (const stop of this.unsubscribe) stop();
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    this.tray.destroy();
  }

  private render(): void {
    const pause = pauseState(this.deps.settings.get(), this.now());
    const view = trayView(this.health, pause, formatTime, this.automation);
    this.tray.setImage(this.icon(view.icon));
    this.tray.setToolTip(view.tooltip);
    if (process.platform === 'darwin') this.tray.setTitle(view.title);
    this.tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuTemplate(
          this.health,
          pause,
          formatTime,
          {
            open: () => this.deps.openWindow(),
            pauseForAnHour: () => this.pauseUntil(this.now() + ONE_HOUR_MS),
            pauseUntilResumed: () => this.pauseUntil(PAUSED_UNTIL_RESUMED),
            resume: () => this.pauseUntil(null),
            setAutomationPaused: (paused) => this.setAutomationPaused(paused),
            quit: () => this.deps.quit(),
          },
          this.automation,
        ),
      ),
    );
    // Redraw when a timed pause runs out, so the menu does not keep saying "paused".
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    if (pause.paused && pause.until !== 'resumed') {
      const wait = pause.until - this.now() + 1_000;
      if (wait < MAX_TIMER_MS) this.pauseTimer = setTimeout(() => this.render(), wait);
    }
  }

  private pauseUntil(until: number | null): void {
    this.deps.client('settings.update', { notificationsPausedUntil: until }).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'could not change the notification pause');
    });
  }

  private setAutomationPaused(paused: boolean): void {
    // The answer arrives as 'automation.changed' too; the menu redraws from that.
    this.deps.client('automation.setPaused', paused ? { paused, reason: 'paused from the tray' } : { paused }).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'could not change the automation switch');
    });
  }

  private icon(level: HealthLevel): NativeImage {
    let image = this.icons.get(level);
    if (image === undefined) {
      // tray-<level>@2x.png beside it is picked up on high-DPI screens.
      image = nativeImage.createFromPath(path.join(this.deps.iconDir, `tray-${level}.png`));
      this.icons.set(level, image);
    }
    return image;
  }
}
