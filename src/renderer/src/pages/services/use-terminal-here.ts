import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { useCan, type Can } from '../../auth/use-can';
import { useShownHost } from '../../stores/host-feeds';

/**
 * Whether a service's terminal opens from here, and why not. This console's terminals attach to
 * its own tmux; an agent's services run in the agent's tmux, on its machine, so on an agent's
 * pages they do not (the Terminals page would attach to this console's session of that name).
 */
export function useTerminalHere(): Can {
  const can = useCan('terminal.open');
  const host = useShownHost((state) => state.host);
  return host === LOCAL_HOST ? can : { allowed: false, reason: `runs on ${host}: open it from ${host}'s own console` };
}
