import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/shared/contract';

/** The lists of every command that takes one, each read by the contract's one list schema. */
const lists = {
  'services.stop': (value: unknown) => commands['services.stop'].input.parse({ services: value }).services,
  'monitoring.heartbeats': (value: unknown) => commands['monitoring.heartbeats'].input.parse({ services: value }).services,
  'logs.context': (value: unknown) => commands['logs.context'].input.parse({ id: 1, services: value }).services,
  'fleet.logs hosts': (value: unknown) => commands['fleet.logs'].input.parse({ hosts: value })?.hosts,
};

describe('the contract’s one list schema (queryList)', () => {
  it('reads a JSON list, a comma-separated query value and a repeated one alike, in every command', () => {
    for (const [name, parse] of Object.entries(lists)) {
      for (const value of ['api,db', ' api , db ,', ['api', 'db'], ['api,db'], ['api', ' db ']])
        expect(parse(value), `${name} ${JSON.stringify(value)}`).toEqual(['api', 'db']);
      expect(parse(''), name).toEqual([]);
    }
  });

  it('refuses a blank entry of a list instead of reading it as none given (for services: all of them)', () => {
    for (const [name, parse] of Object.entries(lists)) expect(() => parse(['api', ' ']), name).toThrow();
    expect(commands['services.stop'].input.safeParse({ services: [''] }).error?.issues[0]?.message).toBe('a service name is empty');
    expect(commands['logs.context'].input.safeParse({ id: 1, services: [''] }).error?.issues[0]?.message).toBe('a service name is empty');
  });

  it('keeps each command’s cap and names it: 1,000 services to control, 200 for a log context, 200 hosts', () => {
    const names = (count: number): string => Array.from({ length: count }, (_, index) => `s${index}`).join(',');
    expect(lists['services.stop'](names(1000))).toHaveLength(1000);
    expect(commands['services.stop'].input.safeParse({ services: names(1001) }).error?.issues[0]?.message).toBe('at most 1000 services');
    expect(lists['logs.context'](names(200))).toHaveLength(200);
    expect(commands['logs.context'].input.safeParse({ id: 1, services: names(201) }).error?.issues[0]?.message).toBe('at most 200 services');
    expect(commands['fleet.logs'].input.safeParse({ hosts: names(201) }).error?.issues[0]?.message).toBe('at most 200 hosts');
  });
});
