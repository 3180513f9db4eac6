import type { Logger } from '../core/logger';
import type { Settings } from '../shared/types/settings';

/** The part of electron-updater's autoUpdater used here (it cannot load outside Electron). */
export interface UpdaterLike {
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable?: boolean; updateInfo: { version: string } } | null>;
}

interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

export interface UpdateChecksDeps {
  /** app.isPackaged: a development build never updates itself. */
  isPackaged: boolean;
  settings: { get(): Settings; onChange(listener: (settings: Settings) => void): () => void };
  /** `import('electron-updater')`, loaded only when a check is due. */
  loadUpdater: () => Promise<UpdaterLike>;
  logger: Logger;
  intervalMs?: number;
}

const SIX_HOURS_MS = 6 * 60 * 60 * 1000;

/**
 * Checks for updates from settings.updateUrl (a generic electron-builder feed), at start and
 * every six hours, and again whenever the URL changes. Off in development and while no URL is
 * set. electron-updater downloads in the background and installs on quit.
 */
export function startUpdateChecks(deps: UpdateChecksDeps): () => void {
  const { logger } = deps;
  if (!deps.isPackaged) {
    logger.info('update checks are off in development');
    return () => {};
  }
  let url: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let updater: Promise<UpdaterLike> | null = null;
  let checking = false;
  let checkAgain = false;

  const load = (): Promise<UpdaterLike> => {
    updater ??= deps.loadUpdater().then((loaded) => {
      loaded.logger = {
        info: (message) => logger.info(String(message)),
        warn: (message) => logger.warn(String(message)),
        error: (message) => logger.error(String(message)),
      };
      return loaded;
    });
    return updater;
  };

  const check = async (): Promise<void> => {
    const feed = url;
    if (feed === null) return;
    // A URL changed during a check is checked right after it, not skipped.
    if (checking) {
      checkAgain = true;
      return;
    }
    checking = true;
    try {
      const loaded = await load();
      loaded.setFeedURL({ provider: 'generic', url: feed });
      const result = await loaded.checkForUpdates();
      if (result === null) logger.info({ url: feed }, 'update check skipped');
      else if (result.isUpdateAvailable === true) logger.info({ url: feed, version: result.updateInfo.version }, 'an update is available; downloading it');
      else logger.info({ url: feed }, 'Zervigo is up to date');
    } catch (error) {
      logger.warn({ err: error, url: feed }, 'update check failed');
    } finally {
      checking = false;
    }
    if (checkAgain) {
      checkAgain = false;
      await check();
    }
  };

  const apply = (settings: Settings): void => {
    if (settings.updateUrl === url) return;
    url = settings.updateUrl;
    if (timer !== null) clearInterval(timer);
    timer = null;
    if (url === null) {
      logger.info('update checks are off: no update URL is set');
      return;
    }
    void check();
    timer = setInterval(() => void check(), deps.intervalMs ?? SIX_HOURS_MS);
    timer.unref();
  };

  const stopListening = deps.settings.onChange(apply);
  apply(deps.settings.get());
  return () => {
    stopListening();
    if (timer !== null) clearInterval(timer);
  };
}

/**
 * Loads electron-updater's autoUpdater on first use. Through `import()` Node sees this
 * CommonJS package's exports statically, and `autoUpdater` (a lazy getter) is not among
 * them: it is found on the default export instead.
 */
export async function loadElectronUpdater(): Promise<UpdaterLike> {
  const loaded: { autoUpdater?: UpdaterLike; default?: { autoUpdater?: UpdaterLike } } = await import('electron-updater');
  const updater = loaded.autoUpdater ?? loaded.default?.autoUpdater;
  if (updater === undefined) throw new Error('electron-updater did not provide autoUpdater');
  return updater;
}
