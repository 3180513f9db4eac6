import { ActionIcon, CloseButton, Group, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { liveTerminal } from './terminals-store';

const decorations = { matchBackground: '#f5d36b', activeMatchBackground: '#f08c00', matchOverviewRuler: '#f5d36b', activeMatchColorOverviewRuler: '#f08c00' };

/** Search in the scrollback of the focused terminal; Enter finds the next match, Shift+Enter the previous. */
export function TerminalSearch({ terminalId, onClose }: { terminalId: string | null; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const find = (forward: boolean): void => {
    const terminal = terminalId === null ? undefined : liveTerminal(terminalId);
    if (terminal === undefined || query === '') return;
    if (forward) terminal.search.findNext(query, { decorations });
    else terminal.search.findPrevious(query, { decorations });
  };
  return (
    <Group gap={4} wrap="nowrap">
      <TextInput
        size="xs"
        w={200}
        autoFocus
        placeholder="Search the scrollback"
        aria-label="Search the scrollback"
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') find(!event.shiftKey);
          if (event.key === 'Escape') onClose();
        }}
        data-testid="terminal-search"
      />
      <Tooltip label="Previous (Shift+Enter)">
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Previous match" onClick={() => find(false)}>
          <IconArrowUp size={14} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Next (Enter)">
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Next match" onClick={() => find(true)}>
          <IconArrowDown size={14} />
        </ActionIcon>
      </Tooltip>
      <CloseButton size="sm" aria-label="Close search" onClick={onClose} />
    </Group>
  );
}
