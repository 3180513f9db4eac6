import type { WsClientMessage, WsServerMessage } from '../../../shared/wire';
import type { SocketState } from './connection';
import { reconnectDelay } from './reconnect-delay';

/** The part of the browser's WebSocket this uses, so tests can pass a fake. */
export type SocketLike = Pick<WebSocket, 'readyState' | 'onopen' | 'onclose' | 'onerror' | 'onmessage' | 'send' | 'close'>;

export type SocketFactory = (url: string) => SocketLike;

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EventSocketOptions {
  url: string;
  createSocket: SocketFactory;
  timers?: TimerApi;
  onStateChange: (state: SocketState) => void;
  /** Called after a reconnect: events may have been missed, so state should be fetched again. */
  onResync?: () => void;
  onServerError?: (message: string) => void;
  /** The server closed the stream because the session ended (signed out everywhere, revoked, expired). */
  onSignedOut?: () => void;
}

/** The close code the server uses when the stream's credential stopped working. */
export const SIGNED_OUT_CLOSE_CODE = 4401;

const OPEN = 1;

const defaultTimers: TimerApi = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * One WebSocket carrying every event the page listens to. The server is told to send a name
 * when its first listener arrives and to stop when its last one leaves. A dropped socket is
 * reopened with back-off (0.5 s doubling to 10 s) and every name is subscribed again.
 */
export class EventSocket {
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly timers: TimerApi;
  private socket: SocketLike | null = null;
  private retryTimer: unknown = null;
  private attempt = 0;
  private everOpened = false;
  private paused = false;
  private state: SocketState = 'connecting';

  constructor(private readonly options: EventSocketOptions) {
    this.timers = options.timers ?? defaultTimers;
  }

  currentState(): SocketState {
    return this.state;
  }

  subscribe(name: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
      this.send({ type: 'subscribe', names: [name] });
    }
    set.add(listener);
    this.ensureOpen();
    return () => {
      const current = this.listeners.get(name);
      if (current === undefined || !current.delete(listener) || current.size > 0) return;
      this.listeners.delete(name);
      this.send({ type: 'unsubscribe', names: [name] });
    };
  }

  /** Stop reconnecting (e.g. while signed out); `resume` reconnects at once. */
  pause(): void {
    this.paused = true;
    this.clearRetry();
  }

  resume(): void {
    this.paused = false;
    this.attempt = 0;
    if (this.socket === null) {
      this.clearRetry();
      this.open();
    }
  }

  close(): void {
    this.paused = true;
    this.clearRetry();
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onclose = null;
      socket.close();
    }
  }

  private ensureOpen(): void {
    if (this.socket === null && this.retryTimer === null && !this.paused) this.open();
  }

  private open(): void {
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      const names = [...this.listeners.keys()];
      if (names.length > 0) this.send({ type: 'subscribe', names });
      this.setState('connected');
      if (reconnected) this.options.onResync?.();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close always follows; reconnecting is handled there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === SIGNED_OUT_CLOSE_CODE && this.options.onSignedOut !== undefined) {
        this.setState('reconnecting');
        this.options.onSignedOut();
        return;
      }
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    this.setState('reconnecting');
    if (this.paused) return;
    this.clearRetry();
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.paused && this.socket === null) this.open();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: WsServerMessage;
    try {
      message = JSON.parse(data) as WsServerMessage;
    } catch {
      return;
    }
    if (message.type === 'error') {
      this.options.onServerError?.(message.message);
      return;
    }
    if (message.type !== 'event') return;
    for (const listener of [...(this.listeners.get(message.name) ?? [])]) {
      try {
        listener(message.payload);
      } catch (error) {
        console.error(`a listener of ${message.name} failed`, error);
      }
    }
  }

  private send(message: WsClientMessage): void {
    if (this.socket !== null && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private setState(state: SocketState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onStateChange(state);
  }
}
