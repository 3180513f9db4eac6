import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus';
import { startDesktopNotifications } from '../../src/main/desktop-notifications';
import { PAUSED_UNTIL_RESUMED } from '../../src/main/notification-pause';
import type { Notice } from '../../src/main/notification-rules';
import type { HealthSummary } from '../../src/shared/types/app';
import type { Settings } from '../../src/shared/types/settings';
import type { ConfigErrorView } from '../../src/shared/types/workspace';

const health = (level: HealthSummary['level'], counts: Partial<HealthSummary> = {}): HealthSummary => ({
  level,
  services: 3,
  down: 0,
  pending: 0,
  firing: 0,
  at: 0,
  ...counts,
});

const rejected = (issues: number): ConfigErrorView => ({
  at: 0,
  file: '/home/op/shop/zervigo.yaml',
  issues: Array.from({ length: issues }, (_, i) => ({
    file: '/home/op/shop/zervigo.yaml',
    line: 12 + i,
    col: 5,
    path: 'services.api.probes[0].every',
    message: 'expected a duration like 10s',
  })),
});

function setup() {
  const bus = new EventBus();
  const shown: Notice[] = [];
  let now = 1_000_000;
  const settings: Settings = { updateUrl: null, notificationsPausedUntil: null, operatorName: null };
  const stop = startDesktopNotifications({ bus, settings: { get: () => settings }, show: (notice) => shown.push(notice), now: () => now });
  return { bus, shown, settings, stop, advance: (ms: number) => (now += ms), now: () => now };
}

describe('desktop notifications', () => {
  it('says which line of the workspace was rejected', () => {
    const { bus, shown } = setup();
    bus.emit('workspace.invalid', rejected(1));
    bus.emit('workspace.invalid', rejected(3));
    expect(shown).toEqual([
      {
        title: 'Workspace edit rejected',
        body: 'zervigo.yaml:12:5 services.api.probes[0].every: expected a duration like 10s. The last good version keeps running.',
      },
    ]);
  });

  it('mentions further issues', () => {
    const { bus, shown } = setup();
    bus.emit('workspace.invalid', rejected(3));
    expect(shown[0]?.body).toBe(
      'zervigo.yaml:12:5 services.api.probes[0].every: expected a duration like 10s (and 2 more). The last good version keeps running.',
    );
  });

  it('notifies when health turns critical, not while it stays critical or recovers', () => {
    const { bus, shown, advance } = setup();
    bus.emit('health.changed', health('ok'));
    bus.emit('health.changed', health('warning', { pending: 1 }));
    bus.emit('health.changed', health('critical', { down: 2, firing: 1 }));
    advance(60_000);
    bus.emit('health.changed', health('critical', { down: 3, firing: 1 }));
    bus.emit('health.changed', health('ok'));
    expect(shown).toEqual([{ title: 'Zervigo: critical', body: '2 services down · 1 firing alert', urgency: 'critical' }]);
    advance(60_000);
    bus.emit('health.changed', health('critical', { down: 1 }));
    expect(shown).toHaveLength(2);
  });

  it('shows at most one notification per event name every 10 seconds', () => {
    const { bus, shown, advance } = setup();
    bus.emit('workspace.invalid', rejected(1));
    advance(9_999);
    bus.emit('workspace.invalid', rejected(1));
    // Another event name has its own allowance.
    bus.emit('health.changed', health('critical', { down: 1 }));
    expect(shown.map((notice) => notice.title)).toEqual(['Workspace edit rejected', 'Zervigo: critical']);
    advance(1);
    bus.emit('workspace.invalid', rejected(1));
    expect(shown).toHaveLength(3);
  });

  it('holds everything back while paused, and resumes when the pause ends', () => {
    const { bus, shown, settings, advance, now } = setup();
    settings.notificationsPausedUntil = now() + 60_000;
    bus.emit('workspace.invalid', rejected(1));
    bus.emit('health.changed', health('critical', { down: 1 }));
    expect(shown).toEqual([]);
    advance(60_000);
    bus.emit('workspace.invalid', rejected(1));
    expect(shown).toHaveLength(1);
    settings.notificationsPausedUntil = PAUSED_UNTIL_RESUMED;
    advance(3_600_000);
    bus.emit('workspace.invalid', rejected(1));
    expect(shown).toHaveLength(1);
    settings.notificationsPausedUntil = null;
    bus.emit('workspace.invalid', rejected(1));
    expect(shown).toHaveLength(2);
  });

  it('keeps following health while paused, so a turn to critical during the pause is not announced afterwards', () => {
    const { bus, shown, settings, advance, now } = setup();
    settings.notificationsPausedUntil = now() + 1_000;
    bus.emit('health.changed', health('critical', { down: 1 }));
    advance(5_000);
    bus.emit('health.changed', health('critical', { down: 2 }));
    expect(shown).toEqual([]);
  });

  it('ignores events without a rule and stops when told', () => {
    const { bus, shown, stop } = setup();
    bus.emit('services.changed', []);
    stop();
    bus.emit('workspace.invalid', rejected(1));
    expect(shown).toEqual([]);
  });

  it('shows every desktop-channel alert notice, critical ones as critical, and none while paused', () => {
    const { bus, shown, settings, now } = setup();
    const notice = (key: string, severity: 'critical' | 'warning' | 'info' | 'resolved') => ({
      key,
      title: `[FIRING:1] ${key}`,
      body: `${key} is down`,
      severity,
      fingerprints: ['0123456789abcdef'],
    });
    bus.emit('notification.desktop', notice('api', 'critical'));
    bus.emit('notification.desktop', notice('db', 'warning'));
    expect(shown).toEqual([
      { title: '[FIRING:1] api', body: 'api is down', urgency: 'critical' },
      { title: '[FIRING:1] db', body: 'db is down', urgency: 'normal' },
    ]);
    settings.notificationsPausedUntil = now() + 60_000;
    bus.emit('notification.desktop', notice('web', 'critical'));
    expect(shown).toHaveLength(2);
  });

  it('takes extra rules: one entry per event', () => {
    const bus = new EventBus();
    const shown: Notice[] = [];
    startDesktopNotifications({
      bus,
      settings: { get: () => ({ updateUrl: null, notificationsPausedUntil: null, operatorName: null }) },
      show: (notice) => shown.push(notice),
      rules: { 'settings.changed': (settings) => ({ title: 'Settings changed', body: settings.updateUrl ?? 'no update URL' }) },
    });
    bus.emit('settings.changed', { updateUrl: null, notificationsPausedUntil: null, operatorName: null });
    expect(shown).toEqual([{ title: 'Settings changed', body: 'no update URL' }]);
  });
});
