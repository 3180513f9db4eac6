import { Code } from '@mantine/core';
import { IconTerminal2 } from '@tabler/icons-react';
import { PlannedPage } from '../components/PlannedPage';

/** Terminals arrive with the tmux and pty bridge; until then the page says what it will hold. */
export function TerminalsPage() {
  return (
    <PlannedPage
      icon={IconTerminal2}
      title="Terminals are not connected yet"
      summary="When the terminal bridge lands, tmux sessions open here as embedded terminals."
      features={[
        'Each tmux session and window as a tab, titled from the window name',
        'Split panes side by side or stacked, resized to fit the window',
        'A status dot on a tab whose process has exited',
        'Open a service’s terminal straight from the Services page or the command palette',
      ]}
      meanwhile={
        <>
          Services with <Code>tmux: {'{ session: dev, window: api }'}</Code> will be started in that window.
        </>
      }
    />
  );
}
