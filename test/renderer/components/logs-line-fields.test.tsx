// @vitest-environment jsdom
import { giveViewerASize } from '../../helpers/jsdom-viewer-size';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { LogsPage } from '../../../src/renderer/src/pages/LogsPage';
import type { LogsRoute } from '../../../src/renderer/src/pages/logs/logs-route';
import { withParsedField } from '../../../src/renderer/src/pages/logs/query-fields';
import type { LogLine } from '../../../src/shared/types/logs';
import { recordingBridge, renderInConsole } from './render';

function Harness({ initial }: { initial: LogsRoute }) {
  const [route, setRoute] = useState(initial);
  return <LogsPage route={route} go={setRoute} />;
}

const lines: LogLine[] = [
  {
    id: 1,
    ts: 1_000,
    level: 'info',
    service: 'cache',
    source: 'cache:stdout',
    patternId: 1,
    text: 'Ready to accept connections',
    fields: { role: 'primary', pid: '42', note: 'two words' },
  },
  { id: 2, ts: 2_000, level: 'info', service: 'cache', source: 'cache:stdout', patternId: 2, text: 'no fields here' },
];

function bridge() {
  return recordingBridge((name) => {
    if (name === 'logs.search')
      return { lines: [...lines].reverse(), nextCursor: null, complete: true, terms: [], tookMs: 1, total: { count: 2, exact: true } };
    if (name === 'logs.tail') return { tailId: 't', terms: [] };
    if (name === 'logs.patterns') return [];
    if (name === 'logs.status')
      return {
        store: { lines: 2, bytes: 10, maxBytes: 1024 ** 3, maxAgeMs: 86_400_000, oldestAt: null, newestAt: null, partitions: 1, lastDrop: null },
        sources: [],
      };
    return undefined;
  });
}

giveViewerASize();

describe("a line's parsed fields in the Logs viewer", () => {
  it('opens a line to show its fields, each linking to the search narrowed to it; a line without fields has no toggle', async () => {
    renderInConsole(<Harness initial={{ query: 'service:cache', anchor: null, scope: 'all', range: null }} />, { bridge: bridge() });
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(2));
    const [withFields, without] = screen.getAllByTestId('log-row') as [HTMLElement, HTMLElement];
    expect(within(without).queryByRole('button')).toBeNull();
    expect(within(withFields).queryByTestId('log-line-fields')).toBeNull();

    await userEvent.click(within(withFields).getByRole('button', { name: '▸ 3 fields' }));
    const shown = within(withFields).getByTestId('log-line-fields');
    expect(shown.textContent).toBe('role=primarypid=42note=two words');
    const role = within(shown).getByRole('link', { name: 'role=primary' });
    expect(decodeURIComponent(role.getAttribute('href') ?? '').replace(/\+/g, ' ')).toBe('#/logs?q=service:cache field.role:primary');
    // A value with a space cannot be one query word: shown, not linked.
    expect(within(shown).queryByRole('link', { name: 'note=two words' })).toBeNull();
    expect(within(withFields).getByRole('button', { name: '▾ less' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('adds field.KEY:VALUE to the query once, and refuses pairs that are not one word', () => {
    expect(withParsedField('timeout', 'role', 'primary')).toBe('timeout field.role:primary');
    expect(withParsedField('field.role:primary', 'role', 'primary')).toBe('field.role:primary');
    expect(withParsedField('', 'pid', '42')).toBe('field.pid:42');
    expect(withParsedField('x', 'note', 'two words')).toBeNull();
    expect(withParsedField('x', 'a:b', 'c')).toBeNull();
    expect(withParsedField('x', 'roles', 'a,b')).toBeNull();
  });
});
