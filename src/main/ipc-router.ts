import { createEventGate, WITHHELD } from '../core/auth/event-access';
import { localOwner, type Principal } from '../shared/auth/principal';
import { ipcChannels, type RpcEnvelope } from '../shared/bridge';
import { events as contractEvents } from '../shared/contract';
import { contextFor, type CallContext } from '../shared/contract/define';
import { ZervigoError, toErrorBody } from '../shared/errors';
import { refusalReason, type IpcEventLike, type SenderPolicy, type WebContentsLike } from './trusted-sender';

export type { FrameLike, IpcEventLike, SenderPolicy, WebContentsLike } from './trusted-sender';

/** The part of Electron's ipcMain the router uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<RpcEnvelope>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

/** Where events come from: the engine's EventBus fits. */
export interface EventSourceLike<E extends string> {
  onAny(listener: (name: E, payload: unknown) => void): () => void;
}

export interface WarnLogger {
  warn(details: object, message: string): void;
}

export interface IpcRouterOptions<E extends string> extends SenderPolicy {
  ipcMain: IpcMainLike;
  /** Validates the name and the input against the contract and runs the command (createDispatcher). */
  dispatch: (name: string, input: unknown, context: CallContext) => Promise<unknown>;
  events: EventSourceLike<E>;
  isEventName: (name: unknown) => name is E;
  /** Recorded in the audit log as the caller (the local owner's name, default "desktop"). */
  actor?: string;
  /** Who the window acts as: the local owner (an admin, no sign-in) unless told otherwise. */
  principal?: Principal;
  logger?: WarnLogger;
}

export interface IpcRouter {
  /** Number of webContents with at least one subscription (for tests and diagnostics). */
  subscriberCount(): number;
  dispose(): void;
}

/**
 * Binds the contract to ipcMain. Validation of names and inputs is the dispatcher's, shared with
 * HTTP; this file only decides who may call and carries results and events. Nothing thrown
 * crosses IPC: Electron would keep only the message, so every answer is an RpcEnvelope.
 */
export function createIpcRouter<E extends string>(options: IpcRouterOptions<E>): IpcRouter {
  const { ipcMain, logger } = options;
  const context: CallContext = contextFor(options.principal ?? localOwner(options.actor), 'ipc');
  const principal = context.principal ?? localOwner();
  // The local owner receives every event; another principal only those its permissions allow.
  const gate = createEventGate(contractEvents);
  const subscriptions = new Map<number, { contents: WebContentsLike; names: Set<E> }>();

  const refused = (event: IpcEventLike, channel: string): boolean => {
    const reason = refusalReason(event, options);
    if (reason === null) return false;
    logger?.warn({ channel, url: event.senderFrame?.url, reason }, 'refused an IPC message');
    return true;
  };

  const invoke = async (event: IpcEventLike, name: unknown, input: unknown): Promise<RpcEnvelope> => {
    try {
      if (refused(event, ipcChannels.invoke)) throw new ZervigoError('forbidden', 'this page may not call Zervigo commands');
      if (typeof name !== 'string') throw new ZervigoError('invalid_input', 'the command name must be a string');
      return { ok: true, value: await options.dispatch(name, input, context) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  };

  const subscribe = (event: IpcEventLike, name: unknown): void => {
    if (refused(event, ipcChannels.subscribe)) return;
    if (!options.isEventName(name)) {
      logger?.warn({ name: String(name) }, 'subscription to an unknown event ignored');
      return;
    }
    const contents = event.sender;
    let entry = subscriptions.get(contents.id);
    if (entry === undefined) {
      entry = { contents, names: new Set() };
      subscriptions.set(contents.id, entry);
      // A reloaded page subscribes again; a closed window must not keep receiving.
      contents.once('destroyed', () => {
        if (subscriptions.get(contents.id)?.contents === contents) subscriptions.delete(contents.id);
      });
    }
    entry.names.add(name);
  };

  const unsubscribe = (event: IpcEventLike, name: unknown): void => {
    if (refused(event, ipcChannels.unsubscribe) || !options.isEventName(name)) return;
    subscriptions.get(event.sender.id)?.names.delete(name);
  };

  const stopForwarding = options.events.onAny((name, payload) => {
    let allowed: unknown = null;
    for (const { contents, names } of subscriptions.values()) {
      if (!names.has(name)) continue;
      if (contents.isDestroyed()) {
        subscriptions.delete(contents.id);
        continue;
      }
      allowed ??= gate(principal, name, payload);
      if (allowed !== WITHHELD) contents.send(ipcChannels.event, name, allowed);
    }
  });

  ipcMain.handle(ipcChannels.invoke, invoke);
  ipcMain.on(ipcChannels.subscribe, subscribe);
  ipcMain.on(ipcChannels.unsubscribe, unsubscribe);

  return {
    subscriberCount: () => [...subscriptions.values()].filter((entry) => entry.names.size > 0).length,
    dispose() {
      stopForwarding();
      ipcMain.removeHandler(ipcChannels.invoke);
      ipcMain.removeListener(ipcChannels.subscribe, subscribe);
      ipcMain.removeListener(ipcChannels.unsubscribe, unsubscribe);
      subscriptions.clear();
    },
  };
}
