import type { RpcEnvelope } from '../../src/shared/bridge';
import type { FrameLike, IpcEventLike, IpcMainLike, WebContentsLike } from '../../src/main/ipc-router';

/**
 * Stand-ins for Electron's ipcMain and webContents, which cannot run here. They keep only
 * what the router relies on: one handler per invoke channel, listeners per channel, frames
 * with an identity and a URL, and a 'destroyed' event.
 */
type Listener = (event: IpcEventLike, ...args: unknown[]) => void;
type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<RpcEnvelope>;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Set<Listener>>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, listener: Listener): this {
    let set = this.listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return this;
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** What ipcRenderer.invoke does: call the one handler, or reject like Electron when none is registered. */
  async invoke(event: IpcEventLike, channel: string, ...args: unknown[]): Promise<RpcEnvelope> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  /** What ipcRenderer.send does. */
  send(event: IpcEventLike, channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

export class FakeFrame implements FrameLike {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

let nextId = 1;

export class FakeWebContents implements WebContentsLike {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: unknown[][] = [];
  private destroyed = false;
  private readonly onDestroyed: Array<() => void> = [];

  constructor(url: string) {
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, ...args]);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  once(_event: 'destroyed', listener: () => void): this {
    this.onDestroyed.push(listener);
    return this;
  }

  destroy(): void {
    this.destroyed = true;
    for (const listener of this.onDestroyed.splice(0)) listener();
  }

  /** An IPC event as sent from this page's top frame (or from another frame of it). */
  event(frame: FakeFrame | null = this.mainFrame): IpcEventLike {
    return { sender: this, senderFrame: frame };
  }
}
