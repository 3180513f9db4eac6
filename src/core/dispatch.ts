import { z } from 'zod';
import type { CallContext, CommandMap, HandlersOf } from '../shared/contract/define';
import { ZervigoError } from '../shared/errors';
import { formatZodError, friendlyIssueMessage } from '../shared/zod-message';

/**
 * The one place where a command arriving from any transport is checked: the name must be in
 * the contract and the input must pass its zod schema. IPC and HTTP both call this, so a
 * command added to the contract gets the same validation everywhere.
 */
export type Dispatcher = (name: string, rawInput: unknown, context: CallContext) => Promise<unknown>;

export function createDispatcher<M extends CommandMap>(contract: M, handlers: HandlersOf<M>): Dispatcher {
  return async (name, rawInput, context) => {
    if (!Object.hasOwn(contract, name)) {
      throw new ZervigoError('not_found', `unknown command "${name}"`);
    }
    const spec = contract[name] as M[keyof M];
    const parsed = spec.input.safeParse(rawInput, { error: friendlyIssueMessage });
    if (!parsed.success) {
      throw new ZervigoError('invalid_input', `invalid input for ${name}: ${formatZodError(parsed.error)}`, {
        issues: z.treeifyError(parsed.error),
      });
    }
    const handler = handlers[name as keyof M] as (input: unknown, context: CallContext) => Promise<unknown>;
    return handler(parsed.data, context);
  };
}
