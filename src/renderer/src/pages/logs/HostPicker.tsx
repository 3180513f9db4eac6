import { Select } from '@mantine/core';
import type { AgentView } from '../../../../shared/types/fleet';
import { ALL_HOSTS, LOCAL_HOST } from '../../../../shared/fleet-hosts';

/** Whose lines the Logs page shows: every host's, this console's, or one agent's (its state said when not up). */
export function HostPicker({ agents, value, onChange }: { agents: AgentView[]; value: string; onChange: (host: string) => void }) {
  const data = [
    { value: ALL_HOSTS, label: 'All hosts' },
    { value: LOCAL_HOST, label: 'local (this console)' },
    ...agents.map((agent) => ({ value: agent.name, label: agent.state === 'up' ? agent.name : `${agent.name} (${agent.state})` })),
  ];
  // A host from the URL that is not (or no longer) an agent stays shown, so the picker says what is searched.
  if (!data.some((entry) => entry.value === value)) data.push({ value, label: `${value} (not an agent)` });
  return (
    <Select
      size="xs"
      w={170}
      data={data}
      value={value}
      allowDeselect={false}
      onChange={(next) => onChange(next ?? LOCAL_HOST)}
      aria-label="Host"
      data-testid="logs-host"
    />
  );
}
