import type { SsoSession } from './auth-store';
import type { SignInMethodName } from '../../shared/auth/principal';

/** Where a sign-in comes from, for the audit log and the per-address throttle. */
export interface SignInClient {
  address: string | null;
}

/** The account a method proved, and the token whose scopes a session opened with it keeps. */
export interface Identified {
  ok: true;
  userId: number;
  userName: string;
  tokenId: string | null;
  workspace: string;
  /** How the audit log words the sign-in ("signed in with Corp SSO (OpenID Connect) as operator …"). */
  how?: string;
  /** Added to the audit entry's details (the provider, the role given). */
  details?: Record<string, unknown>;
  /** Single sign-on: kept with the session for signing out at the provider (never audited). */
  sso?: SsoSession;
}

export interface NotIdentified {
  ok: false;
  /** The name that was tried (for the audit log), or a description such as "an unknown token". */
  attempted: string;
  /** locked: the account is locked (the message says until when and how to unlock). */
  code: 'unauthorized' | 'locked';
  message: string;
  details?: Record<string, unknown>;
}

/**
 * One way to prove who one is. Passwords and tokens are methods today; an OpenID Connect
 * method plugs in the same way (it maps the provider's subject and groups to an account and
 * a role, then hands back the account), and gets sessions, auditing and sign-out for free.
 */
export interface SignInMethod<Credentials> {
  readonly name: SignInMethodName;
  identify(credentials: Credentials, client: SignInClient): Promise<Identified | NotIdentified>;
}
