import type { Permission, Role } from '../auth/permissions';
import type { Principal } from '../auth/principal';

/** What `auth.me` answers: who the console is talking to and what they may do. */
export interface MeView {
  kind: Principal['kind'];
  user: string | null;
  name: string;
  workspace: string;
  role: Role;
  permissions: Permission[];
  token: { id: string; name: string; scopes: Permission[] | null; expiresAt: number | null } | null;
  method: Principal['method'];
  /** When the session ends at the latest (absolute lifetime), for a session; else null. */
  sessionExpiresAt: number | null;
  /** Each command this caller may not run, with the permission it needs: the UI disables it and says why. */
  denied: Record<string, Permission>;
}

export type AccountKind = 'person' | 'service_account';

export interface UserView {
  name: string;
  kind: AccountKind;
  /** The account that existed before people did (the API token's); it cannot be removed while it is the last admin. */
  owner: boolean;
  /** Its role in each workspace it belongs to. */
  memberships: { workspace: string; role: Role }[];
  hasPassword: boolean;
  /** For an SSO person, the issuer of the provider they sign in with; null for local accounts. */
  sso: string | null;
  createdAt: number;
  lastSignInAt: number | null;
  /** Set while the account is locked after repeated failed sign-ins. */
  lockedUntil: number | null;
  /** Failed sign-ins within the lockout window. */
  recentFailures: number;
  activeTokens: number;
  activeSessions: number;
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenView {
  id: string;
  name: string;
  user: string;
  userKind: AccountKind;
  workspace: string;
  /** Null: everything its person may do. */
  scopes: Permission[] | null;
  /** The first characters, to recognise it ("zvg_Ab3dE…"); the token itself is never stored. */
  prefix: string;
  createdAt: number;
  createdBy: string;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  status: TokenStatus;
}

/** The only time a token's secret is shown. */
export interface CreatedToken {
  token: string;
  view: TokenView;
}
