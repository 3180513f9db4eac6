import type { Bridge } from '../../../shared/bridge';
import type { ConnectionMonitor } from './connection';

/** The Bridge plus what the shell around the pages needs: the link's state and signing in. */
export interface RendererBridge extends Bridge {
  readonly kind: 'ipc' | 'web';
  readonly connection: ConnectionMonitor;
  /** Exchanges a token for a session (web only); resolves once signed in, throws ZervigoError otherwise. */
  signIn(token: string): Promise<void>;
}
