import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconFileText, IconPlayerPlay, IconPlayerStop, IconRefresh, IconTerminal2 } from '@tabler/icons-react';
import type { ServiceView } from '../../../../shared/types/service';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import type { ControlAction } from './use-service-control';

const running = new Set(['running', 'starting', 'waiting', 'backoff']);

/** Start / stop / restart, its terminal and its output: on hover, and always for keyboard users. */
export function ServiceRowActions({
  service,
  busy,
  onAction,
  onTerminal,
  onOutput,
}: {
  service: ServiceView;
  busy: boolean;
  onAction: (action: ControlAction) => void;
  onTerminal: () => void;
  onOutput: () => void;
}) {
  const runtime = service.runtime;
  // Start, stop and restart need the same permission (operate); the tooltip says so when it is missing.
  const operate = useCan('services.restart');
  const terminal = useCan('terminal.open');
  if (runtime === null) return null;
  const isRunning = running.has(runtime.phase);
  const why = (label: string): string => (operate.allowed ? label : `${label}: ${operate.reason ?? ''}`);
  return (
    <Group gap={2} wrap="nowrap" className="row-actions" justify="flex-end">
      {isRunning ? (
        <Tooltip label={why(`Stop ${service.name}`)}>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Stop ${service.name}`} loading={busy} {...deniedProps(operate)} onClick={guard(operate, () => onAction('stop'))} data-testid={`stop-${service.name}`}>
            <IconPlayerStop size={16} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Tooltip label={why(`Start ${service.name} (and what it depends on)`)}>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Start ${service.name}`} loading={busy} {...deniedProps(operate)} onClick={guard(operate, () => onAction('start'))} data-testid={`start-${service.name}`}>
            <IconPlayerPlay size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Tooltip label={why(`Restart ${service.name}`)}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Restart ${service.name}`}
          disabled={busy}
          {...deniedProps(operate)}
          onClick={guard(operate, () => onAction('restart'))}
          data-testid={`restart-${service.name}`}
        >
          <IconRefresh size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={runtime.tmuxTarget === null ? 'Runs as a child process: no terminal to attach to' : terminal.allowed ? `Open its tmux window ${runtime.tmuxTarget}` : `Open its tmux window: ${terminal.reason ?? ''}`}>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Open the terminal of ${service.name}`} disabled={runtime.tmuxTarget === null || !terminal.allowed} onClick={onTerminal}>
          <IconTerminal2 size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Its output (stdout and stderr)">
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Output of ${service.name}`} onClick={onOutput} data-testid={`output-${service.name}`}>
          <IconFileText size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
