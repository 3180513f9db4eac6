// @vitest-environment jsdom
import { AppShell } from '@mantine/core';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PHONE_QUERY } from '../../../src/renderer/src/components/use-phone';
import { HealthSummary } from '../../../src/renderer/src/shell/HealthSummary';
import { NavigationBar } from '../../../src/renderer/src/shell/NavigationBar';
import { setHealth } from '../../../src/renderer/src/stores/health-store';
import { mediaQueryList, renderInConsole } from './render';

/** A window whose width answers the phone query as `phone` says (jsdom has no layout). */
function screenIsPhone(phone: boolean): void {
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => mediaQueryList(query, phone && query === PHONE_QUERY));
}

const at = 1_700_000_000_000;

describe('the header on a phone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts only what needs a person (down, firing), leaving out the level word, zeros and pending', () => {
    screenIsPhone(true);
    setHealth({ level: 'critical', services: 6, down: 2, pending: 1, firing: 0, at });
    renderInConsole(<HealthSummary onOpen={() => {}} />);
    const summary = screen.getByTestId('health-summary');
    expect(summary.textContent).toBe('2 down');
  });

  it('says "healthy" in a word when nothing needs a person', () => {
    screenIsPhone(true);
    setHealth({ level: 'ok', services: 6, down: 0, pending: 0, firing: 0, at });
    renderInConsole(<HealthSummary onOpen={() => {}} />);
    expect(screen.getByTestId('health-summary').textContent).toBe('healthy');
  });

  it('on a wider screen keeps the level and every count, zeros included', () => {
    screenIsPhone(false);
    setHealth({ level: 'critical', services: 6, down: 2, pending: 1, firing: 0, at });
    renderInConsole(<HealthSummary onOpen={() => {}} />);
    expect(screen.getByTestId('health-summary').textContent).toBe('critical2 down1 pending0 firing');
  });
});

describe('the navigation on a phone', () => {
  beforeEach(() => screenIsPhone(true));
  afterEach(() => vi.restoreAllMocks());

  it('keeps its labels though the rail was collapsed on the desktop, and a pick closes the menu', async () => {
    const onPick = vi.fn();
    renderInConsole(
      <AppShell navbar={{ width: 200, breakpoint: 'sm' }}>
        <NavigationBar location="/" collapsed onToggle={() => {}} onPick={onPick} />
      </AppShell>,
    );
    const alerts = screen.getByRole('link', { name: 'Alerts' });
    expect(alerts.textContent).toContain('Alerts');
    await userEvent.click(alerts);
    expect(onPick).toHaveBeenCalledTimes(1);
  });

  it('shows icons alone when collapsed on the desktop', () => {
    vi.restoreAllMocks();
    screenIsPhone(false);
    renderInConsole(
      <AppShell navbar={{ width: 60, breakpoint: 'sm' }}>
        <NavigationBar location="/" collapsed onToggle={() => {}} onPick={() => {}} />
      </AppShell>,
    );
    expect(screen.getByRole('link', { name: 'Alerts' }).textContent).not.toContain('Alerts');
  });
});
