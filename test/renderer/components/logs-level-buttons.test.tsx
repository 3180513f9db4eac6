// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { LogsPage } from '../../../src/renderer/src/pages/LogsPage';
import type { LogsRoute } from '../../../src/renderer/src/pages/logs/logs-route';
import { recordingBridge, renderInConsole } from './render';

/** The Logs page over a route held here, as the URL holds it in the app. */
function Harness({ initial }: { initial: LogsRoute }) {
  const [route, setRoute] = useState(initial);
  return <LogsPage route={route} go={setRoute} />;
}

function bridge() {
  return recordingBridge((name) => {
    if (name === 'logs.search') return { lines: [], nextCursor: null, complete: true, terms: [], tookMs: 1, total: { count: 0, exact: true } };
    if (name === 'logs.tail') return { tailId: 't', terms: [] };
    if (name === 'logs.patterns') return [];
    if (name === 'logs.status')
      return {
        store: { lines: 0, bytes: 0, maxBytes: 1024 ** 3, maxAgeMs: 86_400_000, oldestAt: null, newestAt: null, partitions: 0, lastDrop: null },
        sources: [
          {
            key: 'file:api.log',
            kind: 'file',
            name: 'api.log',
            service: 'api',
            state: 'following',
            message: null,
            lines: 0,
            bytes: 0,
            copies: 0,
            lastLineAt: null,
          },
        ],
      };
    return undefined;
  });
}

const searchedFor = (calls: ReturnType<typeof bridge>['calls']) =>
  calls.filter((call) => call.name === 'logs.search').map((call) => (call.input as { query: string }).query);
/** Types a query and presses Enter (the whole text at once: a render per key is slow in jsdom). */
async function search(input: HTMLInputElement, text: string): Promise<void> {
  fireEvent.change(input, { target: { value: text } });
  await userEvent.type(input, '{Enter}');
}

const levelButton = (label: string) => screen.getByLabelText<HTMLInputElement>(label);

describe('the level buttons of the Logs page', () => {
  it('edit the query when clicked, and light up for the level: the query says', async () => {
    const recording = bridge();
    renderInConsole(<Harness initial={{ query: 'timeout', anchor: null, scope: 'all', range: null }} />, { bridge: recording });
    const input = screen.getByTestId<HTMLInputElement>('logs-search');
    expect(levelButton('All levels').checked).toBe(true);

    await userEvent.click(screen.getByText('Error+'));
    await waitFor(() => expect(input.value).toBe('timeout level:error+'));
    expect(levelButton('Error+').checked).toBe(true);
    await waitFor(() => expect(searchedFor(recording.calls).at(-1)).toBe('timeout level:error+'));

    // Typed: the buttons follow what ran.
    await search(input, 'db level:warn+');
    await waitFor(() => expect(levelButton('Warn+').checked).toBe(true));
    expect(searchedFor(recording.calls).at(-1)).toBe('db level:warn+');

    // A level no button stands for lights none; a button then replaces it.
    await search(input, 'db level:warn');
    await waitFor(() => expect(screen.getByTestId('logs-level').getAttribute('data-level')).toBe('custom'));
    expect(['All levels', 'Info+', 'Warn+', 'Error+'].map((label) => levelButton(label).checked)).toEqual([false, false, false, false]);
    await userEvent.click(screen.getByText('All levels'));
    await waitFor(() => expect(input.value).toBe('db'));
    await act(async () => {});
    expect(searchedFor(recording.calls).at(-1)).toBe('db');
  });

  it('leave the search syntax help to a focused, empty search box: hovering shows none that could cover them', async () => {
    renderInConsole(<Harness initial={{ query: '', anchor: null, scope: 'all', range: null }} />, { bridge: bridge() });
    const help = () => screen.queryByText(/level:warn\+/);
    await userEvent.hover(screen.getByTestId('logs-search'));
    expect(help()).toBeNull();
    await userEvent.click(screen.getByTestId('logs-search'));
    await waitFor(() => expect(help()).not.toBeNull());
    await userEvent.type(screen.getByTestId('logs-search'), 'x');
    await waitFor(() => expect(help()).toBeNull());
  });
});
