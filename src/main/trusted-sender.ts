import { originOf } from './origin';

/**
 * The few fields of Electron's WebFrameMain / WebContents / IpcMainEvent that the IPC checks
 * use. Written structurally so the router runs (and is tested) under plain Node; Electron's
 * real objects satisfy them.
 */
export interface FrameLike {
  readonly url: string;
  readonly parent?: FrameLike | null;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

export interface SenderPolicy {
  /** The app's own origin: `app://zervigo`, or the dev server's in development. */
  appOrigin: string;
  /** True for the webContents of windows this app created (never a webview or a foreign window). */
  isOwnWebContents(contents: WebContentsLike): boolean;
}

/**
 * Why a sender is refused, or null when it may talk to the engine: the message must come from
 * the top frame of one of our windows, showing a page of our own origin (as VS Code's
 * validatedIpcMain does). A sub-frame or a navigated-away page gets nothing.
 */
export function refusalReason(event: IpcEventLike, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (frame === null) return 'the sending frame is gone';
  if (!policy.isOwnWebContents(event.sender)) return 'the sender is not a Zervigo window';
  if (frame !== event.sender.mainFrame || (frame.parent ?? null) !== null) return 'the sender is not the top frame';
  const origin = originOf(frame.url);
  if (origin === null || origin !== originOf(policy.appOrigin)) return `origin ${origin ?? frame.url} is not the app's`;
  return null;
}
