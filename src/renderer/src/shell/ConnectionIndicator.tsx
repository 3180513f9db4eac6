import { Badge, Loader, Tooltip } from '@mantine/core';
import { PHONE_BREAKPOINT } from '../components/use-phone';
import { useConnectionStore } from '../stores/connection-store';

/** The state of the browser's live link; hidden in the desktop app, where IPC is always there. */
export function ConnectionIndicator() {
  const socket = useConnectionStore((state) => state.status.socket);
  if (socket === 'local') return null;
  if (socket === 'connected') {
    return (
      <Tooltip label="Live updates are flowing from the server">
        {/* On a phone only a link in trouble earns the room. */}
        <Badge data-testid="connection-indicator" data-state={socket} size="sm" variant="dot" color="green" tt="none" visibleFrom={PHONE_BREAKPOINT}>
          live
        </Badge>
      </Tooltip>
    );
  }
  const reconnecting = socket === 'reconnecting';
  return (
    <Tooltip label={reconnecting ? 'The live link to the server dropped; retrying. What you see may be stale.' : 'Opening the live link to the server'}>
      <Badge
        data-testid="connection-indicator"
        data-state={socket}
        size="sm"
        variant="light"
        color={reconnecting ? 'yellow' : 'gray'}
        leftSection={<Loader size={10} color={reconnecting ? 'yellow' : 'gray'} />}
        tt="none"
      >
        {reconnecting ? 'reconnecting…' : 'connecting…'}
      </Badge>
    </Tooltip>
  );
}
