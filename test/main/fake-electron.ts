import { EventEmitter } from 'node:events';
import { PtyHost } from '../../src/core/sessions/pty-host';
import type { ToPtyHost } from '../../src/core/sessions/pty-protocol';
import type { RpcEnvelope } from '../../src/shared/bridge';
import { FakeFrame, FakeIpcMain } from './fake-ipc';

/**
 * Just enough of Electron's main-process API, recording what the shell asks of it, to run
 * src/main/index.ts under Node: Electron cannot run on this machine. Everything below the
 * shell (engine, store, workspace watcher) is real.
 */

export class PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 100;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = new FakeFrame('about:blank');
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** An IPC event from this page's top frame. */
  event(): { sender: FakeWebContents; senderFrame: FakeFrame } {
    return { sender: this, senderFrame: this.mainFrame };
  }
}

export function createFakeElectron() {
  const record = {
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    headersFilter: null as
      null | ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void),
    permissionRequest: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    windows: [] as FakeBrowserWindow[],
    trays: [] as FakeTray[],
    notifications: [] as FakeNotification[],
    errorBoxes: [] as Array<{ title: string; content: string }>,
    exits: [] as number[],
    quits: 0,
    opened: [] as string[],
    utilityForks: [] as Array<{ modulePath: string; options: unknown }>,
  };

  /** A utility process that runs the pty host's code in this process, messages cloned as over IPC. */
  class FakeUtilityProcess extends EventEmitter {
    private readonly host = new PtyHost((message) => this.emit('message', structuredClone(message)));
    postMessage(message: unknown): void {
      this.host.handle(structuredClone(message) as ToPtyHost);
    }
    kill(): boolean {
      this.host.dispose();
      this.emit('exit', 0);
      return true;
    }
  }

  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));

  class FakeApp extends EventEmitter {
    isPackaged = false;
    singleInstance = true;
    ready = false;
    getAppPath = (): string => process.cwd();
    requestSingleInstanceLock = (): boolean => this.singleInstance;
    setAppUserModelId = (): void => {};
    isReady = (): boolean => this.ready;
    whenReady = (): Promise<void> => ready;
    /** Test control: what Electron does once Chromium is up. */
    becomeReady(): void {
      this.ready = true;
      readyResolve();
    }
    quit = (): void => {
      record.quits++;
      const event = new PreventableEvent();
      this.emit('will-quit', event);
    };
    exit = (code = 0): void => void record.exits.push(code);
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    url: string | null = null;
    shown = false;
    focused = 0;
    private destroyedWindow = false;
    constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      super();
      record.windows.push(this);
      app.emit('web-contents-created', new PreventableEvent(), this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      this.webContents.mainFrame.url = url;
      queueMicrotask(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    isDestroyed = (): boolean => this.destroyedWindow;
    isMinimized = (): boolean => false;
    restore = (): void => {};
    show = (): void => void (this.shown = true);
    focus = (): void => void this.focused++;
    close(): void {
      this.destroyedWindow = true;
      this.webContents.destroy();
      this.emit('closed');
      if (record.windows.every((window) => window.isDestroyed())) app.emit('window-all-closed');
    }
  }

  class FakeTray extends EventEmitter {
    image: unknown;
    tooltip = '';
    title = '';
    menu: { items: Array<{ label?: string; enabled?: boolean; click?: () => void }> } | null = null;
    destroyed = false;
    constructor(image: unknown) {
      super();
      this.image = image;
      record.trays.push(this);
    }
    setImage = (image: unknown): void => void (this.image = image);
    setToolTip = (tooltip: string): void => void (this.tooltip = tooltip);
    setTitle = (title: string): void => void (this.title = title);
    setContextMenu = (menu: FakeTray['menu']): void => void (this.menu = menu);
    destroy = (): void => void (this.destroyed = true);
    click(label: string): void {
      const item = this.menu?.items.find((candidate) => candidate.label === label);
      if (item?.click === undefined) throw new Error(`no menu item "${label}"`);
      item.click();
    }
  }

  class FakeNotification extends EventEmitter {
    shown = false;
    static isSupported = (): boolean => true;
    constructor(readonly options: { title: string; body: string; urgency?: string }) {
      super();
      record.notifications.push(this);
    }
    show = (): void => void (this.shown = true);
  }

  const ipcMain = new FakeIpcMain();

  const electron = {
    app,
    ipcMain,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    dialog: { showErrorBox: (title: string, content: string) => void record.errorBoxes.push({ title, content }) },
    shell: { openExternal: async (url: string) => void record.opened.push(url) },
    utilityProcess: {
      fork: (modulePath: string, _args: string[], options: unknown) => {
        record.utilityForks.push({ modulePath, options });
        return new FakeUtilityProcess();
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void record.schemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void record.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (filter: typeof record.headersFilter) => void (record.headersFilter = filter) },
        setPermissionRequestHandler: (handler: typeof record.permissionRequest) => void (record.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof record.permissionCheck) => void (record.permissionCheck = handler),
      },
    },
    record,
    invoke: (contents: FakeWebContents, name: string, input?: unknown): Promise<RpcEnvelope> => ipcMain.invoke(contents.event(), 'zervigo:invoke', name, input),
  };
  return { ...electron, default: electron };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
