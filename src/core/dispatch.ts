import { z } from 'zod';
import type { Permission } from '../shared/auth/permissions';
import { principalOf, type CallContext, type CommandMap, type HandlersOf } from '../shared/contract/define';
import { ZervigoError } from '../shared/errors';
import { formatZodError, friendlyIssueMessage } from '../shared/zod-message';
import { forbidden } from './auth/authorize';
import { maskSecrets } from './auth/secret-masking';

/**
 * The one place where a command arriving from any transport is checked: the name must be in
 * the contract, the caller's principal must hold the permission the command declares, and the
 * input must pass its zod schema. IPC, HTTP and the CLI all call this, so a command added to the
 * contract gets the same checks everywhere. Outputs are masked for callers who may not see secrets.
 */
export type Dispatcher = (name: string, rawInput: unknown, context: CallContext) => Promise<unknown>;

export interface DispatchHooks {
  /** A caller was refused for want of a permission (the engine audits it). */
  onForbidden?(name: string, context: CallContext, error: ZervigoError): void;
  /** After the permission check, before the input is read: throws to refuse a call the caller may make but not now (a quota). */
  admit?(name: string, permission: Permission, context: CallContext): void;
}

export function createDispatcher<M extends CommandMap>(contract: M, handlers: HandlersOf<M>, hooks: DispatchHooks = {}): Dispatcher {
  return async (name, rawInput, context) => {
    if (!Object.hasOwn(contract, name)) {
      throw new ZervigoError('not_found', `unknown command "${name}"`);
    }
    const spec = contract[name] as M[keyof M];
    const principal = principalOf(context);
    if (!principal.permissions.has(spec.permission)) {
      const error = forbidden(name, spec.permission, principal);
      hooks.onForbidden?.(name, context, error);
      throw error;
    }
    hooks.admit?.(name, spec.permission, context);
    const parsed = spec.input.safeParse(rawInput, { error: friendlyIssueMessage });
    if (!parsed.success) {
      throw new ZervigoError('invalid_input', `invalid input for ${name}: ${formatZodError(parsed.error)}`, {
        issues: z.treeifyError(parsed.error),
      });
    }
    const handler = handlers[name as keyof M] as (input: unknown, context: CallContext) => Promise<unknown>;
    const output = await handler(parsed.data, context);
    return principal.permissions.has('secrets') ? output : maskSecrets(output);
  };
}
