import { app, dialog, ipcMain, session, shell, utilityProcess } from 'electron';
import { resolveDataDir } from '../core/data-dir';
import { Engine } from '../core/engine';
import { locateWorkspace } from '../core/config/locate-workspace';
import { createLogger } from '../core/logger';
import { localOwner } from '../shared/auth/principal';
import { isEventName } from '../shared/contract';
import { contextFor } from '../shared/contract/define';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { parseDesktopArgs } from './argv';
import { contentSecurityPolicy } from './content-security-policy';
import { startDesktopNotifications } from './desktop-notifications';
import { engineClient } from './engine-client';
import { createIpcRouter } from './ipc-router';
import { originOf } from './origin';
import { showOsNotification } from './os-notification';
import { APP_ID, appPaths } from './paths';
import { APP_ORIGIN } from './renderer-files';
import { applySessionPolicy } from './session-policy';
import { SettingsMirror } from './settings-mirror';
import { claimSingleInstance } from './single-instance';
import { StatusTray } from './tray';
import { loadElectronUpdater, startUpdateChecks } from './updater';
import { utilityPtyBackend } from './utility-pty-host';
import { utilityPluginLauncher } from './utility-plugin-launcher';
import { guardWebContents } from './web-contents-guard';
import { MainWindow } from './window';

/**
 * The Electron shell: it starts the engine and carries its commands and events to one window,
 * a tray icon and desktop notifications. Everything Zervigo *does* lives in src/core.
 */
const logger = createLogger('zervigo');
const args = parseDesktopArgs(process.argv.slice(1));
// The dev server URL is trusted only in an unpackaged build: in a release an environment
// variable must not be able to point the window (and its IPC access) at another site.
const devServerUrl = app.isPackaged ? null : (process.env.ELECTRON_RENDERER_URL ?? null);
const appOrigin = (devServerUrl !== null ? originOf(devServerUrl) : null) ?? APP_ORIGIN;
const paths = appPaths(app.getAppPath());

let consoleWindow: MainWindow | null = null;
let engine: Engine | null = null;
const cleanups: Array<() => void> = [];

registerAppScheme();

if (!claimSingleInstance(app, () => consoleWindow?.open())) {
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, {
      appOrigin,
      openExternal: (url) => shell.openExternal(url),
      onRefused: (what, url) => logger.warn({ what, url }, 'refused by the window guard'),
    }),
  );
  void app.whenReady().then(start).catch(failStartup);
}

async function start(): Promise<void> {
  try {
    engine = Engine.start({
      shell: 'desktop',
      dataDir: resolveDataDir({ flag: args.dataDir }),
      workspacePath: locateWorkspace(args.workspace),
      environment: args.environment ?? null,
      logger,
      // Terminals' ptys run in a utility process, away from the window's main process.
      operate: {
        ptyBackend: utilityPtyBackend(
          () => utilityProcess.fork(paths.ptyHost, [], { serviceName: 'Zervigo terminals' }),
          (code) => logger.warn({ code }, 'the terminal host process ended'),
        ),
      },
      // Third-party plugins each run in a utility process of their own (headless shells fork Node).
      pluginLauncher: utilityPluginLauncher((modulePath, args, options) => utilityProcess.fork(modulePath, args, options)),
    });
  } catch (error) {
    failStartup(error);
    return;
  }
  const running = engine;
  const csp = contentSecurityPolicy(devServerUrl === null ? null : appOrigin);
  applySessionPolicy(session.defaultSession, csp);
  if (devServerUrl === null) serveAppProtocol(paths.renderer, csp);

  const mainWindow = new MainWindow({
    preloadPath: paths.preload,
    startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    iconPath: paths.appIcon,
  });
  consoleWindow = mainWindow;
  const router = createIpcRouter({
    ipcMain,
    dispatch: running.dispatch,
    events: running.bus,
    isEventName,
    appOrigin,
    isOwnWebContents: (contents) => mainWindow.isOwnWebContents(contents),
    logger,
  });
  cleanups.push(() => router.dispose());
  mainWindow.open();

  const settings = await SettingsMirror.load(engineClient(running.dispatch, { actor: 'desktop', transport: 'internal' }), running.bus);
  cleanups.push(() => settings.dispose());
  cleanups.push(
    startDesktopNotifications({
      bus: running.bus,
      settings,
      show: (notice) => showOsNotification(notice, () => mainWindow.open()),
    }),
  );
  cleanups.push(
    startUpdateChecks({
      isPackaged: app.isPackaged,
      settings,
      loadUpdater: loadElectronUpdater,
      logger,
    }),
  );
  try {
    const tray = await StatusTray.start({
      client: engineClient(running.dispatch, contextFor(localOwner('tray'), 'ipc')),
      bus: running.bus,
      settings,
      iconDir: paths.icons,
      openWindow: () => mainWindow.open(),
      quit: () => app.quit(),
      logger,
    });
    cleanups.push(() => tray.dispose());
    // With a tray the engine keeps watching after the window is closed; quit from the tray.
    app.on('window-all-closed', () => {});
  } catch (error) {
    logger.warn({ err: error }, 'no tray icon on this desktop; closing the window quits');
    app.on('window-all-closed', () => app.quit());
  }
  app.on('activate', () => mainWindow.open());
}

/** A workspace or data folder problem: say what to fix (file:line:col lines) and exit with 1. */
function failStartup(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.error({ err: error }, 'Zervigo could not start');
  void engine?.stop();
  dialog.showErrorBox('Zervigo could not start', message);
  app.exit(1);
}

// Stop the engine before the process ends: pending samples are written, the database closed.
let stopping = false;
app.on('will-quit', (event) => {
  const running = engine;
  if (running === null || stopping) return;
  stopping = true;
  event.preventDefault();
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch (error) {
      logger.warn({ err: error }, 'cleanup failed');
    }
  }
  running
    .stop()
    .catch((error: unknown) => logger.error({ err: error }, 'stopping the engine failed'))
    .finally(() => {
      engine = null;
      app.quit();
    });
});
