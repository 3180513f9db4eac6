import { describe, expect, it } from 'vitest';
import { matchesQuery, nextSort, sortRows } from '../../src/renderer/src/format/sort';
import { isEmptyDiff, parseUnifiedDiff } from '../../src/renderer/src/format/unified-diff';

describe('sortRows', () => {
  const rows = [
    { name: 'web10', n: 2 },
    { name: 'web2', n: 1 },
    { name: 'api', n: 2 },
  ];

  it('sorts text naturally and keeps ties in their original order', () => {
    expect(sortRows(rows, (row) => row.name, 'asc').map((row) => row.name)).toEqual(['api', 'web2', 'web10']);
    expect(sortRows(rows, (row) => row.n, 'asc').map((row) => row.name)).toEqual(['web2', 'web10', 'api']);
    expect(sortRows(rows, (row) => row.n, 'desc').map((row) => row.name)).toEqual(['web10', 'api', 'web2']);
  });

  it('does not touch the input', () => {
    const copy = [...rows];
    sortRows(rows, (row) => row.name, 'desc');
    expect(rows).toEqual(copy);
  });
});

describe('nextSort', () => {
  it('flips the sorted column and starts others ascending', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'status')).toEqual({ key: 'status', direction: 'asc' });
  });
});

describe('matchesQuery', () => {
  it('needs every word somewhere, case-insensitively', () => {
    expect(matchesQuery(['api', 'down', 'http'], '')).toBe(true);
    expect(matchesQuery(['api', 'down', 'http'], 'API')).toBe(true);
    expect(matchesQuery(['api', 'down', 'http'], 'api http')).toBe(true);
    expect(matchesQuery(['api', 'down', 'http'], 'api tcp')).toBe(false);
  });
});

describe('parseUnifiedDiff', () => {
  const diff = [
    '===================================================================',
    '--- version 1',
    '+++ version 2',
    '@@ -1,3 +1,3 @@',
    ' version: 1',
    '-name: old',
    '+name: new',
    ' services: {}',
    '\\ No newline at end of file',
    '',
  ].join('\n');

  it('classifies headers, hunks, added, removed and context lines', () => {
    expect(parseUnifiedDiff(diff).map((line) => line.kind)).toEqual([
      'header',
      'header',
      'header',
      'hunk',
      'context',
      'removed',
      'added',
      'context',
      'context',
    ]);
  });

  it('knows when nothing changed', () => {
    expect(isEmptyDiff(parseUnifiedDiff(diff))).toBe(false);
    expect(isEmptyDiff(parseUnifiedDiff('--- a\n+++ b\n'))).toBe(true);
  });
});
