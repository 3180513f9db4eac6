import type { PreloadApi } from '../../../shared/bridge';
import { workspaceOfPath } from '../../../shared/wire';
import { createIpcBridge } from './ipc-bridge';
import type { RendererBridge } from './renderer-bridge';
import { createWebBridge } from './web-bridge';

declare global {
  interface Window {
    /** Put there by the desktop preload; absent in the browser. */
    zervigo?: PreloadApi;
  }
}

/** IPC inside the desktop app (the preload is present), HTTP + WebSocket in a browser. */
export function createBridge(): RendererBridge {
  if (window.zervigo !== undefined) return createIpcBridge(window.zervigo);
  return createWebBridge({ origin: window.location.origin, workspace: workspaceOfPath(window.location.pathname) });
}

export type { RendererBridge } from './renderer-bridge';
export type { ConnectionStatus, SocketState } from './connection';
