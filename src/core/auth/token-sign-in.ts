import { DEFAULT_WORKSPACE, EVERY_WORKSPACE } from '../../shared/auth/principal';
import type { AuthStore, CredentialRow } from './auth-store';
import { secretHash } from '../store/secret-values';
import type { Identified, NotIdentified, SignInMethod } from './sign-in-method';

/** A token pasted into the sign-in screen: the session keeps the token's scopes and ends with it. */
export class TokenSignIn implements SignInMethod<{ token: string }> {
  readonly name = 'token' as const;

  constructor(
    private readonly store: AuthStore,
    private readonly now: () => number,
  ) {}

  async identify(credentials: { token: string }): Promise<Identified | NotIdentified> {
    const row = this.store.tokenByHash.get(secretHash(credentials.token));
    if (row === undefined)
      return { ok: false, attempted: 'an unknown token', code: 'unauthorized', message: "that token is not right; `zervigo token` prints the owner's" };
    const refusal = this.refusal(row, row.workspace);
    if (refusal !== null) return { ok: false, attempted: `${row.user_name} (token ${row.token_name ?? '?'})`, code: 'unauthorized', message: refusal };
    return {
      ok: true,
      userId: row.user_id,
      userName: row.user_name,
      tokenId: row.token_id,
      workspace: row.workspace === EVERY_WORKSPACE ? this.store.homeWorkspace(row.user_id) : (row.workspace ?? DEFAULT_WORKSPACE),
    };
  }

  /** Why a known token opens nothing now (revoked, expired, another workspace), or null. */
  refusal(row: CredentialRow, workspace: string): string | null {
    const name = `token ${row.token_name ?? '?'} of ${row.user_name}`;
    if (row.token_revoked_at !== null) return `${name} was revoked at ${new Date(row.token_revoked_at).toISOString()}`;
    if (row.token_expires_at !== null && row.token_expires_at <= this.now())
      return `${name} expired at ${new Date(row.token_expires_at).toISOString()}; create another with zervigo tokens create`;
    if (row.workspace !== workspace && row.workspace !== EVERY_WORKSPACE) return `${name} is for workspace ${row.workspace}, not ${workspace}`;
    return null;
  }
}
