import type { CommandName, CommandOutput, EventName, EventPayload } from '../../../shared/contract';
import { EVENTS_PATH, LOGIN_PATH, LOGOUT_PATH, rpcPath, SSO_PROVIDERS_PATH, type SsoProvidersResponse, workspacePathPrefix } from '../../../shared/wire';
import type { ConnectionMonitor, ConnectionStatus } from './connection';
import { EventSocket, type SocketFactory, type TimerApi } from './event-socket';
import { errorFromResponse, unreachable } from './http-error';
import { ObservableValue } from './observable-value';
import type { RendererBridge, SignInCredentials } from './renderer-bridge';

export interface WebBridgeOptions {
  /** The page's origin, e.g. http://127.0.0.1:7070 (location.origin). */
  origin: string;
  /** The workspace the page was opened in (/w/<name>/ on a server hosting several), or null: every call goes there. */
  workspace?: string | null;
  fetch?: typeof globalThis.fetch;
  createSocket?: SocketFactory;
  timers?: TimerApi;
  /** Sends the browser elsewhere (the provider's sign-out page after a single sign-on session); default location.assign. */
  navigate?: (url: string) => void;
}

/** ws:// for http pages, wss:// for https ones, on the same host. */
export function eventsUrl(origin: string, workspace: string | null = null): string {
  const url = new URL(`${workspace === null ? '' : workspacePathPrefix(workspace)}${EVENTS_PATH}`, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The browser Bridge: commands are POSTed to /api/v1/rpc/<command> (the HttpOnly session cookie
 * authenticates them) and events arrive over one WebSocket to /api/v1/events.
 */
export function createWebBridge(options: WebBridgeOptions): RendererBridge {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const workspace = options.workspace ?? null;
  const at = (path: string): string => new URL(`${workspace === null ? '' : workspacePathPrefix(workspace)}${path}`, options.origin).toString();
  const resyncListeners = new Set<() => void>();
  const status = new ObservableValue<ConnectionStatus>({ socket: 'connecting', signedOut: false });
  const update = (patch: Partial<ConnectionStatus>): void => {
    const next = { ...status.get(), ...patch };
    if (next.socket !== status.get().socket || next.signedOut !== status.get().signedOut) status.set(next);
  };

  const socket = new EventSocket({
    url: eventsUrl(options.origin, workspace),
    createSocket: options.createSocket ?? ((url) => new WebSocket(url)),
    timers: options.timers,
    onStateChange: (socketState) => update({ socket: socketState }),
    onResync: () => {
      for (const listener of [...resyncListeners]) listener();
    },
    onServerError: (message) => console.warn(`event stream: ${message}`),
    onSignedOut: () => markSignedOut(),
  });

  const markSignedOut = (): void => {
    if (status.get().signedOut) return;
    socket.pause();
    update({ signedOut: true });
  };

  const post = async (path: string, body: unknown): Promise<Response> => {
    try {
      return await fetchImpl(at(path), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw unreachable(error);
    }
  };

  const connection: ConnectionMonitor = {
    current: () => status.get(),
    onChange: (listener) => status.subscribe(listener),
    onResync: (listener) => {
      resyncListeners.add(listener);
      return () => {
        resyncListeners.delete(listener);
      };
    },
  };

  return {
    kind: 'web',
    connection,
    async invoke<K extends CommandName>(name: K, ...input: [unknown?]): Promise<CommandOutput<K>> {
      const response = await post(rpcPath(name), input[0] ?? {});
      const body = await readBody(response);
      if (!response.ok) {
        const error = errorFromResponse(response.status, response.statusText, body);
        if (error.code === 'unauthorized') markSignedOut();
        throw error;
      }
      return body as CommandOutput<K>;
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      return socket.subscribe(name, (payload) => listener(payload as EventPayload<E>));
    },
    async signIn(credentials: SignInCredentials): Promise<void> {
      const response = await post(LOGIN_PATH, credentials);
      if (!response.ok) throw errorFromResponse(response.status, response.statusText, await readBody(response));
      update({ signedOut: false });
      socket.resume();
    },
    async singleSignOn(): Promise<SsoProvidersResponse> {
      let response: Response;
      try {
        response = await fetchImpl(at(SSO_PROVIDERS_PATH), {
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
        });
      } catch (error) {
        throw unreachable(error);
      }
      const body = await readBody(response);
      if (!response.ok) throw errorFromResponse(response.status, response.statusText, body);
      return body as SsoProvidersResponse;
    },
    async signOut(): Promise<void> {
      const response = await post(LOGOUT_PATH, {});
      markSignedOut();
      // A single sign-on session ends at its provider too, which sends the browser back here.
      const body = response.status === 200 ? ((await readBody(response)) as { redirect?: unknown } | null) : null;
      if (typeof body?.redirect === 'string') (options.navigate ?? ((url: string) => window.location.assign(url)))(body.redirect);
    },
  };
}
