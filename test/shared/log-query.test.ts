import { describe, expect, it } from 'vitest';
import { lineMatches, parseLogQuery, type MatchableLine } from '../../src/shared/logs/log-query';

describe('the log search language: filters on parsed fields (field.KEY:VALUE)', () => {
  it('reads field.KEY:VALUE[,VALUE] as a filter, -field.… as an exclusion, and keeps every other key:value as text', () => {
    expect(parseLogQuery('field.role:primary -field.pid:1,2 timeout').fields).toEqual([
      { key: 'role', values: ['primary'], negate: false },
      { key: 'pid', values: ['1', '2'], negate: true },
    ]);
    // The prefix in any case; the key as written (compared without ASCII case).
    expect(parseLogQuery('FIELD.Role:x').fields).toEqual([{ key: 'Role', values: ['x'], negate: false }]);
    // A value may hold ":" and "=": only the first ":" ends the key.
    expect(parseLogQuery('field.addr:10.0.0.1:6379').fields).toEqual([{ key: 'addr', values: ['10.0.0.1:6379'], negate: false }]);
    for (const text of ['role:primary', 'field.role:', 'field.:primary', 'field.role', 'fields.role:x']) {
      const query = parseLogQuery(text);
      expect(query.fields, text).toEqual([]);
      expect(
        query.terms.map((term) => term.text),
        text,
      ).toEqual([text]);
    }
    // The built-in filters are untouched.
    expect(parseLogQuery('service:api level:warn+').services.include).toEqual(['api']);
  });

  it("matches a line's fields as the store's search does (the live tail)", () => {
    const line = (fields?: Record<string, string>): MatchableLine => ({
      level: 'info',
      service: 'cache',
      source: 'cache:stdout',
      patternId: 1,
      text: 'Ready to accept connections',
      ...(fields === undefined ? {} : { fields }),
    });
    const matches = (query: string, fields?: Record<string, string>): boolean => lineMatches(parseLogQuery(query), line(fields));
    expect(matches('field.role:primary', { role: 'primary', pid: '42' })).toBe(true);
    expect(matches('field.role:PRIMARY', { Role: 'primary' })).toBe(true);
    expect(matches('field.role:replica', { role: 'primary' })).toBe(false);
    expect(matches('field.pid:primary', { role: 'primary' })).toBe(false);
    expect(matches('field.role:replica,primary ready', { role: 'primary' })).toBe(true);
    expect(matches('field.role:primary')).toBe(false);
    expect(matches('-field.role:primary')).toBe(true);
    expect(matches('-field.role:primary', { role: 'primary' })).toBe(false);
  });
});
