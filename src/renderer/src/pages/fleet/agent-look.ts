import type { AgentState } from '../../../../shared/types/fleet';
import type { StatusLook } from '../../format/service-status';

/** An agent's state as UI.md colours it: only `up` is green; anything that needs a person is red. */
export const agentLooks: Record<AgentState, StatusLook> = {
  up: { tone: 'ok', label: 'up', meaning: 'Connected: its services, alerts and health are live here.' },
  connecting: { tone: 'warning', label: 'connecting', meaning: 'Connecting, or trying again after a drop.' },
  down: { tone: 'critical', label: 'down', meaning: 'Unreachable: the AgentDown alert fires. Retried with back-off.' },
  refused: {
    tone: 'critical',
    label: 'refused',
    meaning: 'It answered but refused this console (token, TLS certificate or SSH host key): a person must fix it.',
  },
  incompatible: { tone: 'critical', label: 'incompatible', meaning: 'It speaks another fleet protocol version: upgrade the older of the two.' },
};
