import type { Bridge } from '../../../shared/bridge';
import type { SsoProvidersResponse } from '../../../shared/wire';
import type { ConnectionMonitor } from './connection';

export type SignInCredentials = { username: string; password: string } | { token: string };

/** The Bridge plus what the shell around the pages needs: the link's state and signing in. */
export interface RendererBridge extends Bridge {
  readonly kind: 'ipc' | 'web';
  readonly connection: ConnectionMonitor;
  /** Exchanges a name and password, or a token, for a session (web only); resolves once signed in, throws ZervigoError otherwise. */
  signIn(credentials: SignInCredentials): Promise<void>;
  /** The "Sign in with …" providers and this browser's last single sign-on failure (web only; none on the desktop). */
  singleSignOn(): Promise<SsoProvidersResponse>;
  /** Ends this browser's session (web only) and shows the sign-in screen. */
  signOut(): Promise<void>;
}
