import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type PreloadApi, type RpcEnvelope } from '../shared/bridge';

/**
 * The whole surface the renderer gets: `window.zervigo = { invoke, subscribe }`. Channel
 * names are fixed here; the renderer can neither pick a channel nor see ipcRenderer.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ipcChannels.event, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: PreloadApi = {
  invoke: (name, input) => ipcRenderer.invoke(ipcChannels.invoke, String(name), input) as Promise<RpcEnvelope>,
  subscribe(name, listener) {
    const key = String(name);
    let set = listeners.get(key);
    if (set === undefined) {
      set = new Set();
      listeners.set(key, set);
      ipcRenderer.send(ipcChannels.subscribe, key);
    }
    set.add(listener);
    return () => {
      const current = listeners.get(key);
      if (current === undefined || !current.delete(listener) || current.size > 0) return;
      listeners.delete(key);
      ipcRenderer.send(ipcChannels.unsubscribe, key);
    };
  },
};

contextBridge.exposeInMainWorld('zervigo', api);
