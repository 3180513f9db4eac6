import type { ErrorBody } from './errors';
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from './contract';

/**
 * What the renderer (and any client) talks to. The desktop implements it over IPC through
 * the preload, the browser over HTTP + WebSocket; the renderer never knows which.
 */
export interface Bridge {
  invoke<K extends CommandName>(name: K, ...input: OptionalIfEmpty<CommandInput<K>>): Promise<CommandOutput<K>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Commands without required input can be called as `invoke('services.list')`. */
export type OptionalIfEmpty<T> = undefined extends T ? [input?: T] : [input: T];

/** The exact shape the preload puts on `window.zervigo`: untyped on the wire, typed by the Bridge. */
export interface PreloadApi {
  invoke(name: string, input: unknown): Promise<RpcEnvelope>;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
}

/** The IPC channel names, shared by the preload and the main process. */
export const ipcChannels = {
  invoke: 'zervigo:invoke',
  subscribe: 'zervigo:subscribe',
  unsubscribe: 'zervigo:unsubscribe',
  event: 'zervigo:event',
} as const;

/** Errors lose their fields crossing IPC, so results travel wrapped and are unwrapped by the Bridge. */
export type RpcEnvelope = { ok: true; value: unknown } | { ok: false; error: ErrorBody };
