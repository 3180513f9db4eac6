import type { PreloadApi, RpcEnvelope } from '../../../shared/bridge';
import type { CommandName, CommandOutput, EventName, EventPayload } from '../../../shared/contract';
import { ZervigoError, isErrorBody } from '../../../shared/errors';
import type { ConnectionMonitor, ConnectionStatus } from './connection';
import type { RendererBridge } from './renderer-bridge';

/** Results cross IPC wrapped in an envelope; this turns them back into a value or a thrown error. */
export function unwrapEnvelope(envelope: RpcEnvelope): unknown {
  if (envelope.ok) return envelope.value;
  if (isErrorBody(envelope.error)) throw ZervigoError.fromBody(envelope.error);
  throw new ZervigoError('internal', 'the desktop shell answered with a malformed error');
}

const localConnection: ConnectionMonitor = {
  current: (): ConnectionStatus => ({ socket: 'local', signedOut: false }),
  onChange: () => () => undefined,
  onResync: () => () => undefined,
};

/** The desktop Bridge: everything goes through the preload's `window.zervigo`. */
export function createIpcBridge(api: PreloadApi): RendererBridge {
  return {
    kind: 'ipc',
    connection: localConnection,
    async invoke<K extends CommandName>(name: K, ...input: [unknown?]): Promise<CommandOutput<K>> {
      const envelope = await api.invoke(name, input[0]);
      return unwrapEnvelope(envelope) as CommandOutput<K>;
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      return api.subscribe(name, (payload) => listener(payload as EventPayload<E>));
    },
    async signIn(): Promise<void> {
      // The desktop window is trusted by construction; there is nothing to sign in to.
    },
    async singleSignOn() {
      return { providers: [], error: null };
    },
    async signOut(): Promise<void> {
      // Nor anything to sign out of: the desktop app is its owner's.
    },
  };
}
