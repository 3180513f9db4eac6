import { lockedMessage, type AccountLockout } from './account-lockout';
import type { AuthStore } from './auth-store';
import { hashPassword, needsRehash, verifyDecoy, verifyPassword } from './password-hasher';
import type { Identified, NotIdentified, SignInMethod } from './sign-in-method';

export interface PasswordCredentials {
  username: string;
  password: string;
  workspace?: string;
}

/** One message for an unknown name and a wrong password: which names exist is not told. */
export const WRONG_PASSWORD = 'wrong username or password';

/** Username and password against the Argon2id hash, with per-account lockout. */
export class PasswordSignIn implements SignInMethod<PasswordCredentials> {
  readonly name = 'password' as const;

  constructor(
    private readonly store: AuthStore,
    private readonly lockout: AccountLockout,
    private readonly now: () => number,
  ) {}

  async identify(credentials: PasswordCredentials, _client: unknown): Promise<Identified | NotIdentified> {
    const user = this.store.userByName(credentials.username);
    const attempted = user?.name ?? credentials.username.slice(0, 64);
    if (user === undefined || user.password_hash === null) {
      await verifyDecoy(credentials.password);
      return { ok: false, attempted, code: 'unauthorized', message: WRONG_PASSWORD };
    }
    const lockedUntil = this.lockout.lockedUntil(user.id, this.now());
    if (lockedUntil !== null) return { ok: false, attempted, code: 'locked', message: lockedMessage(user.name, lockedUntil, this.lockout.policy) };
    if (!(await verifyPassword(user.password_hash, credentials.password))) {
      const lockedNow = this.lockout.recordFailure(user.id, this.now());
      if (lockedNow !== null) return { ok: false, attempted, code: 'locked', message: lockedMessage(user.name, lockedNow, this.lockout.policy) };
      return { ok: false, attempted, code: 'unauthorized', message: WRONG_PASSWORD };
    }
    // Parameters raised since this hash was made: store a stronger one while the password is at hand.
    if (needsRehash(user.password_hash)) this.store.setPasswordHash(user.id, await hashPassword(credentials.password), this.now());
    return { ok: true, userId: user.id, userName: user.name, tokenId: null, workspace: credentials.workspace ?? this.store.homeWorkspace(user.id) };
  }
}
