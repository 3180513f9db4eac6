import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/renderer/src/format/bytes';
import { baseName, configIssuesOf, formatConfigIssue } from '../../src/renderer/src/format/config-issue';
import { formatSpan } from '../../src/renderer/src/format/duration';
import { environmentKind } from '../../src/renderer/src/format/environment-kind';
import { messageOf } from '../../src/renderer/src/format/error-message';
import { documentTitle, healthFaviconUrl } from '../../src/renderer/src/format/health-favicon';
import { statusLook, statusSeverity } from '../../src/renderer/src/format/service-status';
import { formatAbsoluteTime, formatRelativeTime } from '../../src/renderer/src/format/time';
import { ZervigoError } from '../../src/shared/errors';

describe('formatRelativeTime', () => {
  const now = Date.UTC(2026, 10, 22, 14, 3, 12);
  it.each([
    [now, 'just now'],
    [now - 4_999, 'just now'],
    [now - 12_000, '12 s ago'],
    [now - 59_999, '59 s ago'],
    [now - 60_000, '1 min ago'],
    [now - 3 * 60_000 - 5_000, '3 min ago'],
    [now - 2 * 3_600_000, '2 h ago'],
    [now - 5 * 86_400_000, '5 d ago'],
    [now + 3 * 60_000, 'in 3 min'],
    [now + 4_000, 'in 4 s'],
    [now + 3_200, 'in 4 s'],
    [now + 200, 'in 1 s'],
  ])('%s -> %s', (at, expected) => {
    expect(formatRelativeTime(at, now)).toBe(expected);
  });
});

describe('formatAbsoluteTime', () => {
  it('prints local time as YYYY-MM-DD HH:MM:SS', () => {
    const at = new Date(2026, 10, 22, 14, 3, 7).getTime();
    expect(formatAbsoluteTime(at)).toBe('2026-11-22 14:03:07');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [12 * 1024 * 1024, '12 MB'],
    [1024 * 1024 - 1, '1 MB'],
    [3.25 * 1024 ** 3, '3.3 GB'],
    [-2048, '-2 KB'],
    [Number.NaN, '—'],
  ])('%s -> %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('formatSpan', () => {
  it.each([
    [0, '0 ms'],
    [350, '350 ms'],
    [999, '999 ms'],
    [1_000, '1 s'],
    [1_500, '1.5 s'],
    [45_000, '45 s'],
    [59_600, '59 s'],
    [90_000, '1 min 30 s'],
    [3 * 60_000, '3 min'],
    [12 * 60_000 + 30_000, '12 min'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 5 min'],
    [3_600_000, '1 h'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [-1_500, '-1.5 s'],
  ])('%s ms -> %s', (ms, expected) => {
    expect(formatSpan(ms)).toBe(expected);
  });
});

describe('config issues', () => {
  const issue = { file: '/srv/app/zervigo.yaml', line: 12, col: 5, path: 'services.api.probes[0].every', message: 'expected a duration' };

  it('formats file:line:col: path: message', () => {
    expect(formatConfigIssue(issue)).toBe('/srv/app/zervigo.yaml:12:5: services.api.probes[0].every: expected a duration');
    expect(formatConfigIssue({ ...issue, path: '' }, true)).toBe('zervigo.yaml:12:5: expected a duration');
  });

  it('takes the base name of POSIX and Windows paths', () => {
    expect(baseName('/a/b/zervigo.yaml')).toBe('zervigo.yaml');
    expect(baseName('C:\\work\\zervigo.yaml')).toBe('zervigo.yaml');
    expect(baseName('(built-in)')).toBe('(built-in)');
  });

  it('reads issues from error details and ignores anything else', () => {
    expect(configIssuesOf({ issues: [issue, { nope: true }] })).toEqual([issue]);
    expect(configIssuesOf({ issues: { formErrors: [] } })).toEqual([]);
    expect(configIssuesOf(undefined)).toEqual([]);
  });
});

describe('environmentKind', () => {
  it.each([
    ['prod', 'production'],
    ['Production', 'production'],
    ['eu-prod-2', 'production'],
    ['staging', 'staging'],
    ['stage', 'staging'],
    ['dev', 'other'],
    [null, 'other'],
  ] as const)('%s -> %s', (name, kind) => {
    expect(environmentKind(name)).toBe(kind);
  });
});

describe('service status', () => {
  it('maps every status to the tone of UI.md, with a word', () => {
    expect(statusLook('up').tone).toBe('ok');
    expect(statusLook('pending').tone).toBe('warning');
    expect(statusLook('starting').tone).toBe('warning');
    expect(statusLook('down').tone).toBe('critical');
    expect(statusLook('given_up')).toMatchObject({ tone: 'critical', label: 'given up' });
    expect(statusLook('stopped').tone).toBe('neutral');
    expect(statusLook('unknown').tone).toBe('neutral');
  });

  it('shows a service waiting for its dependency as waiting (yellow, not red), naming the dependency in the tooltip', () => {
    expect(statusLook('waiting', ['db'])).toEqual({
      tone: 'warning',
      label: 'waiting',
      meaning: 'Waiting for db, which is not up. Not restarted: it carries on once db is back.',
    });
    expect(statusLook('waiting').meaning).toMatch(/^Waiting for a service it depends on/);
  });

  it('sorts what needs a person first', () => {
    expect(statusSeverity('given_up')).toBeLessThan(statusSeverity('pending'));
    expect(statusSeverity('down')).toBeLessThan(statusSeverity('up'));
    // The dependency that is down comes before the dependents that wait for it.
    expect(statusSeverity('down')).toBeLessThan(statusSeverity('waiting'));
  });
});

describe('messageOf', () => {
  it('drops the "invalid input for <command>:" prefix', () => {
    expect(messageOf(new ZervigoError('invalid_input', 'invalid input for settings.update: updateUrl: updateUrl must be an http(s) URL'))).toBe(
      'updateUrl must be an http(s) URL',
    );
    expect(messageOf(new Error('invalid input for workspace.save: content: the workspace file is over 1 MiB'))).toBe(
      'content: the workspace file is over 1 MiB',
    );
    expect(messageOf('plain')).toBe('plain');
  });
});

describe('tab title and favicon', () => {
  const health = { level: 'critical' as const, services: 4, down: 2, pending: 0, firing: 1, at: 0 };
  it('puts what needs a person first', () => {
    expect(documentTitle(health, 'shop')).toBe('2 down · 1 firing — shop — Zervigo');
    expect(documentTitle({ ...health, level: 'ok', down: 0, firing: 0 }, 'shop')).toBe('shop — Zervigo');
    expect(documentTitle(null, null)).toBe('Zervigo');
  });

  it('colours the favicon by level', () => {
    expect(decodeURIComponent(healthFaviconUrl('critical'))).toContain('#e03131');
    expect(healthFaviconUrl('ok').startsWith('data:image/svg+xml,')).toBe(true);
  });
});
