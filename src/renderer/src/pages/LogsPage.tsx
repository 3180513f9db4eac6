import { Code } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { PlannedPage } from '../components/PlannedPage';

/** Logs arrive with the log collector; until then the page says what it will hold. */
export function LogsPage() {
  return (
    <PlannedPage
      icon={IconFileText}
      title="Logs are not collected yet"
      summary="When log collection lands, every source is searchable here in one viewer."
      features={[
        'All sources in one stream: log files, service output and tmux panes, one line per entry',
        'Full-text search with matches highlighted, and filters by service and level',
        'Live tail that pauses when you scroll up, and says so',
        'Error patterns mined from the stream: the lines that repeat, how often, since when',
      ]}
      meanwhile={
        <>
          Declare files to collect with <Code>logs: [./api/logs/*.log]</Code> under a service in the workspace file.
        </>
      }
    />
  );
}
