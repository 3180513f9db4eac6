import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/shared/contract';

/** The yes/no inputs of GET and DELETE routes, as the query string gives them ("true", "false") and as JSON does. */
const flags = {
  'agents.remove force': (value: unknown) => commands['agents.remove'].input.parse({ name: 'beta', force: value }).force,
  'tokens.list all': (value: unknown) => commands['tokens.list'].input.parse({ all: value }).all,
};

describe('the contract’s one yes/no schema (queryFlag)', () => {
  it('reads "true" and "false" from a query string as JSON’s true and false, and false when absent', () => {
    for (const [name, parse] of Object.entries(flags)) {
      expect([parse('true'), parse(true), parse('false'), parse(false), parse(undefined)], name).toEqual([true, true, false, false, false]);
    }
    expect(commands['tokens.list'].input.parse(undefined)).toEqual({ all: false });
  });

  it('refuses anything else instead of guessing ("yes", "", "1": coerce would read "false" as true)', () => {
    for (const [name, parse] of Object.entries(flags))
      for (const value of ['yes', '', '1', 1]) expect(() => parse(value), `${name} ${JSON.stringify(value)}`).toThrow();
    expect(commands['tokens.list'].input.safeParse({ all: 'yes' }).error?.issues[0]?.message).toBe('all is true or false (?all=true)');
  });
});
