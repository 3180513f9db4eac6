// @vitest-environment jsdom
import { recordingBridge, renderInConsole } from './render';
import { screen, waitFor } from '@testing-library/react';
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
});
