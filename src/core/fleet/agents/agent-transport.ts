import type { AgentTransport } from './agent-connection';
import type { AgentRecord } from './agent-registry';
import { openSshTunnel } from './ssh-tunnel';

/** The agent's URL as it is, or the local end of an SSH tunnel to it (`--ssh HOST`). */
export async function openTransport(record: AgentRecord, options: { sshDir?: string }): Promise<AgentTransport> {
  if (record.ssh === null) return { baseUrl: record.url, close: async () => undefined };
  return openSshTunnel(record.ssh, record.url, { sshDir: options.sshDir });
}
