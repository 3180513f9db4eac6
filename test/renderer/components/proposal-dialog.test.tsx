// @vitest-environment jsdom
import { recordingBridge, renderInConsole } from './render';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ProposalDialog } from '../../../src/renderer/src/shell/assistant/ProposalDialog';
import { dismissProposal, propose } from '../../../src/renderer/src/shell/assistant/proposal-store';
import { LOCAL_HOST } from '../../../src/shared/fleet-hosts';

afterEach(dismissProposal);

describe('a sentence from the palette, shown before it runs', () => {
  it('starts the focus on Cancel, so an Enter carried over from the palette does not run a restart', async () => {
    const bridge = recordingBridge();
    renderInConsole(<ProposalDialog navigate={() => {}} />, { bridge });
    propose({
      sentence: 'restart api',
      commands: [{ command: 'services.restart', input: { services: ['api'] } }],
      confirm: { environment: 'prod', message: 'prod asks for confirmation before restarting api' },
      host: LOCAL_HOST,
    });
    const cancel = await screen.findByRole('button', { name: 'Cancel' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    expect(screen.getByTestId('assistant-run').textContent).toBe('Confirm and run');
    expect(bridge.calls).toEqual([]);
  });

  it('runs a deploy confirmed, and says its number and state with a link that follows it', async () => {
    const bridge = recordingBridge((name) =>
      name === 'deploys.start' ? { id: 7, service: 'api', kind: 'deploy', outcome: 'running', stage: 'build', message: null } : undefined,
    );
    renderInConsole(<ProposalDialog navigate={() => {}} />, { bridge });
    const { Notifications } = await import('@mantine/notifications');
    renderInConsole(<Notifications />);
    propose({ sentence: 'deploy api v2', commands: [{ command: 'deploys.start', input: { service: 'api', ref: 'v2' } }], host: LOCAL_HOST });
    expect((await screen.findByTestId('assistant-run')).textContent).toBe('Confirm and run');
    await userEvent.click(screen.getByTestId('assistant-run'));
    await waitFor(() => expect(bridge.calls).toEqual([{ name: 'deploys.start', input: { service: 'api', ref: 'v2', confirm: true } }]));
    expect(await screen.findByText(/Deploy #7 of api: running \(build\)/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Follow it' }).getAttribute('href')).toBe('#/deploys');
  });
});
