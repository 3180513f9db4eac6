import type { AuthModule, Resolution, SignInOutcome } from '../../core/auth/auth-module';
import type { OidcCallback, OidcProviderButton, OidcStart } from '../../core/auth/oidc/oidc-sign-in';
import type { SignInClient } from '../../core/auth/sign-in-method';

/**
 * What the HTTP transport needs from the engine's people and sessions: turn a bearer token or a
 * session cookie into a principal, sign people in and out. The server holds no accounts itself.
 */
export interface AuthGate {
  /** Who a token is in `workspace` (default: the token's own). */
  resolveBearer(token: string, workspace?: string): Resolution;
  /** Who a session is in `workspace` (default: the one it was opened in). */
  resolveSession(sessionId: string | undefined, workspace?: string): Resolution;
  signInWithPassword(username: string, password: string, client: SignInClient): Promise<SignInOutcome>;
  signInWithToken(token: string, client: SignInClient): Promise<SignInOutcome>;
  /** The one-time link printed at start: the owner. */
  signInOwner(client: SignInClient): SignInOutcome;
  /** Ends the session; for a single sign-on session, where to send the browser to end it at the provider too (null: nowhere). */
  signOut(sessionId: string | undefined, postLogoutRedirectUri: string): Promise<string | null>;
  /** The OpenID Connect providers of the sign-in page. */
  ssoProviders(): OidcProviderButton[];
  /** Starts a single sign-on: where to send the browser, and the state to tie the answer to it. */
  beginSso(provider: string, redirectUri: string, workspace: string, client: SignInClient): Promise<OidcStart>;
  /** The provider's answer: a session, or why not (audited either way). */
  completeSso(callback: OidcCallback, client: SignInClient): Promise<SignInOutcome>;
  /** The token the server was started with (the data folder's) is the owner's. */
  registerOwnerToken(token: string): void;
  /** A credential may have stopped working or changed its permissions: open streams re-check. */
  onChange(listener: () => void): () => void;
  /** Cookies live as long as the session may (its absolute lifetime). */
  readonly sessionMaxMs: number;
}

export function engineAuthGate(auth: AuthModule): AuthGate {
  return {
    resolveBearer: (token, workspace) => auth.resolveBearer(token, workspace),
    resolveSession: (sessionId, workspace) => auth.resolveSession(sessionId, workspace),
    signInWithPassword: (username, password, client) => auth.signIn(auth.methods.password, { username, password }, client),
    signInWithToken: (token, client) => auth.signIn(auth.methods.token, { token }, client),
    signInOwner: (client) => auth.signInOwner(client),
    signOut: async (sessionId, postLogoutRedirectUri) => {
      const { sso } = auth.signOut(sessionId);
      return sso === null ? null : auth.methods.oidc.endSessionUrl(sso, postLogoutRedirectUri);
    },
    ssoProviders: () => auth.methods.oidc.buttons(),
    beginSso: (provider, redirectUri, workspace, client) => auth.methods.oidc.begin(provider, redirectUri, workspace, client),
    completeSso: (callback, client) => auth.signIn(auth.methods.oidc, callback, client),
    registerOwnerToken: (token) => auth.registerOwnerToken(token),
    onChange: (listener) => auth.onChange(listener),
    sessionMaxMs: auth.sessionPolicy.maxMs,
  };
}
