import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/shared/contract';
import { ServiceNames } from '../../../src/shared/contract/service-names';

describe('ServiceNames', () => {
  it('reads a comma-separated query value and a JSON list alike', () => {
    expect(ServiceNames.parse(' api, db ,,worker')).toEqual(['api', 'db', 'worker']);
    expect(ServiceNames.parse(['api', 'db'])).toEqual(['api', 'db']);
    expect(ServiceNames.parse('')).toEqual([]);
  });

  it('refuses an empty name in a list and what is not a list, saying what it wants', () => {
    expect(ServiceNames.safeParse(['api', '']).error?.issues[0]?.message).toBe('a service name is empty');
    expect(ServiceNames.safeParse(42).error?.issues[0]?.message).toBe('services is a list of service names, e.g. ["api", "db"]');
  });

  it('is the one list every command taking services reads (control, heartbeats)', () => {
    expect(commands['services.stop'].input.parse({ services: 'api,db' }).services).toEqual(['api', 'db']);
    expect(commands['monitoring.heartbeats'].input.parse({ services: 'api, db' }).services).toEqual(['api', 'db']);
  });
});
