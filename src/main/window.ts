import { BrowserWindow, type WebContents } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  /** `app://zervigo/index.html`, or the dev server's URL in development. */
  startUrl: string;
  iconPath: string;
  /** Called once per window, before any page loads (for the navigation guards). */
  onCreated?: (contents: WebContents) => void;
}

/**
 * The one console window. Closing it destroys it (the engine and tray keep running); opening
 * it again creates a fresh one. The IPC router trusts only the webContents created here.
 */
export class MainWindow {
  private window: BrowserWindow | null = null;
  private readonly ownContents = new Set<number>();

  constructor(private readonly options: MainWindowOptions) {}

  /** Shows the window, creating it if needed, and brings it to the front. */
  open(): BrowserWindow {
    const existing = this.window;
    if (existing !== null && !existing.isDestroyed()) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    return this.create();
  }

  isOwnWebContents(contents: { id: number }): boolean {
    return this.ownContents.has(contents.id);
  }

  private create(): BrowserWindow {
    const window = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 560,
      show: false,
      title: 'Zervigo',
      icon: this.options.iconPath,
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    const id = window.webContents.id;
    this.ownContents.add(id);
    this.options.onCreated?.(window.webContents);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      this.ownContents.delete(id);
      if (this.window === window) this.window = null;
    });
    this.window = window;
    void window.loadURL(this.options.startUrl);
    return window;
  }
}
