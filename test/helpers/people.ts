import type { Engine } from '../../src/core/engine';
import type { Permission, Role } from '../../src/shared/auth/permissions';
import type { CreatedToken } from '../../src/shared/types/auth';

const asSystem = { actor: 'test', transport: 'internal' } as const;

/** A password long enough for the policy, different per person. */
export const passwordOf = (name: string): string => `correct horse ${name} battery`;

/** Adds a person through the contract, as an admin would. */
export async function addPerson(engine: Engine, name: string, role: Role, options: { serviceAccount?: boolean } = {}): Promise<void> {
  await engine.dispatch(
    'users.add',
    { name, role, password: options.serviceAccount === true ? undefined : passwordOf(name), serviceAccount: options.serviceAccount ?? false },
    asSystem,
  );
}

/** Creates a token through the contract and returns its secret. */
export async function createToken(
  engine: Engine,
  user: string,
  options: { scopes?: Permission[]; expires?: string; name?: string } = {},
): Promise<CreatedToken> {
  return (await engine.dispatch('tokens.create', { user, ...options }, asSystem)) as CreatedToken;
}
