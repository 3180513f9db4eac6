import { useCallback, useEffect, useRef, useState } from 'react';
import { ALL_HOSTS, LOCAL_HOST } from '../../../../shared/fleet-hosts';
import type { LogsStatus } from '../../../../shared/types/logs';
import type { RendererBridge } from '../../bridge/renderer-bridge';
import { setLogsStatus, useLogsStore } from '../../stores/logs-store';

/** Asked again this often: the counts move with every line, and events carry only state changes. */
const ASK_EVERY_MS = 5_000;
/** At most this often after the lines shown change, so "lines stored" does not trail them. */
const ASK_AFTER_LINES_MS = 1_000;

/**
 * The log store and sources the Logs page's header describes: this console's (its logs store,
 * which the feeds keep) for its own lines and for every host's, or, for one agent's lines, that
 * agent's own (logs.status through agents.call, as its lines are read). An answer is shown only
 * for the agent it was asked of, so one asked before the page turned to another never shows there.
 */
export function useLogsStatus(bridge: RendererBridge, host: string, linesVersion: number): LogsStatus | null {
  const agent = host === LOCAL_HOST || host === ALL_HOSTS ? null : host;
  const consoleStatus = useLogsStore((state) => state.status);
  const [agentStatus, setAgentStatus] = useState<{ agent: string; status: LogsStatus } | null>(null);
  const asked = useRef(0);

  const ask = useCallback(() => {
    asked.current = Date.now();
    if (agent === null) {
      bridge.invoke('logs.status').then(setLogsStatus, () => undefined);
      return;
    }
    bridge.invoke('agents.call', { agent, command: 'logs.status' }).then(
      (status) => setAgentStatus({ agent, status: status as LogsStatus }),
      // An agent that cannot answer: its lines say why (the feed's "No lines from …").
      () => undefined,
    );
  }, [bridge, agent]);

  useEffect(() => {
    const timer = setInterval(ask, ASK_EVERY_MS);
    return () => clearInterval(timer);
  }, [ask]);
  useEffect(() => {
    const timer = setTimeout(ask, Math.max(0, asked.current + ASK_AFTER_LINES_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [ask, linesVersion]);

  if (agent === null) return consoleStatus;
  return agentStatus?.agent === agent ? agentStatus.status : null;
}
