// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SilenceView } from '../../../src/shared/types/alerts';
import { SilenceDialog } from '../../../src/renderer/src/pages/alerts/SilenceDialog';
import { alertView } from '../../fixtures/views';
import { recordingBridge, renderInConsole } from './render';

const alert = alertView({
  alertname: 'ApiDown',
  fingerprint: '0123456789abcdef',
  labels: { alertname: 'ApiDown', service: 'api', severity: 'critical' },
  severity: 'critical',
});

describe('SilenceDialog', () => {
  it('starts from the alert’s labels; a removed matcher, a chosen duration and the reason make the silence', async () => {
    const silence: Partial<SilenceView> = { endsAt: 4 * 3_600_000, silencing: 1 };
    const bridge = recordingBridge(() => silence);
    renderInConsole(<SilenceDialog alert={alert} onClose={() => {}} />, { bridge });
    const user = userEvent.setup();
    expect(screen.getAllByLabelText(/^Label name/).map((input) => (input as HTMLInputElement).value)).toEqual(['alertname', 'service', 'severity']);
    const submit = screen.getByTestId('silence-submit');
    expect(submit.hasAttribute('disabled')).toBe(true);

    await user.click(screen.getByLabelText('Remove matcher severity'));
    await user.click(screen.getByText('4h'));
    await user.type(screen.getByLabelText(/Why/), 'failover drill');
    expect(screen.getByTestId('silence-ends').textContent).toMatch(/\(in 4h\)\.$/);
    await waitFor(() => expect(submit.hasAttribute('disabled')).toBe(false));
    await user.click(submit);
    await waitFor(() => expect(bridge.calls.map((call) => call.name)).toEqual(['silences.create']));
    expect(bridge.calls[0]?.input).toEqual({
      matchers: [
        { name: 'alertname', value: 'ApiDown', isRegex: false, isEqual: true },
        { name: 'service', value: 'api', isRegex: false, isEqual: true },
      ],
      duration: '4h',
      comment: 'failover drill',
    });
  });
});
