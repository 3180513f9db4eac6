import { useLogsHref } from '../../components/use-logs-href';
import { usePageHref } from '../../components/use-page-href';
import { useTerminalHere } from './use-terminal-here';
import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconDots,
  IconFileText,
  IconLayoutDashboard,
  IconPlayerPlay,
  IconPlayerStop,
  IconRefresh,
  IconRotateClockwise2,
  IconTerminal2,
  IconTextCaption,
} from '@tabler/icons-react';
import type { ServiceView } from '../../../../shared/types/service';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { ExplainButton } from '../../components/evidence/ExplainButton';
import { isRed } from '../../format/service-status';
import { servicePath } from '../../shell/pages';
import { isRunningPhase } from './running-phase';
import type { ControlAction } from './use-service-control';

/**
 * What can be done to a service, always in view (not on hover): Start or Stop and Restart as
 * labelled buttons, the rest (terminal, output, logs, its page, reset) in a labelled menu.
 */
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
  const isRunning = runtime !== null && isRunningPhase(runtime.phase);
  const canReset = runtime !== null && (runtime.phase === 'given_up' || runtime.phase === 'failed');
  // Start, stop, restart and reset need operate, the terminal needs shell: what is missing is said on hover.
  const operate = useCan('services.restart');
  const href = usePageHref();
  const logsOf = useLogsHref();
  const terminal = useTerminalHere();
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {isRed(service.status) && (
        <ExplainButton compact question={{ question: 'why', service: service.name, ...(service.status === 'down' ? { symptom: 'down' } : {}) }} />
      )}
      {runtime === null ? (
        <Tooltip label="No start command: Zervigo only watches it">
          <Text size="xs" c="dimmed" span>
            observed
          </Text>
        </Tooltip>
      ) : (
        <>
          {isRunning ? (
            <DeniedTooltip can={operate} what={`Stop ${service.name}`}>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconPlayerStop size={12} />}
                loading={busy}
                {...deniedProps(operate)}
                onClick={guard(operate, () => onAction('stop'))}
                data-thumb
                data-testid={`stop-${service.name}`}
              >
                Stop
              </Button>
            </DeniedTooltip>
          ) : (
            <DeniedTooltip can={operate} what={`Start ${service.name}`}>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconPlayerPlay size={12} />}
                loading={busy}
                {...deniedProps(operate)}
                onClick={guard(operate, () => onAction('start'))}
                data-thumb
                data-testid={`start-${service.name}`}
              >
                Start
              </Button>
            </DeniedTooltip>
          )}
          <DeniedTooltip can={operate} what={`Restart ${service.name}`}>
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconRefresh size={12} />}
              disabled={busy}
              {...deniedProps(operate)}
              onClick={guard(operate, () => onAction('restart'))}
              data-thumb
              data-testid={`restart-${service.name}`}
            >
              Restart
            </Button>
          </DeniedTooltip>
        </>
      )}
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Tooltip label="More: terminal, output, logs, its page">
            <ActionIcon variant="default" size={22} aria-label={`More actions for ${service.name}`} data-thumb data-testid={`more-${service.name}`}>
              <IconDots size={14} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconLayoutDashboard size={14} />} component="a" href={href(servicePath(service.name))}>
            Open its page
          </Menu.Item>
          <Menu.Item leftSection={<IconFileText size={14} />} component="a" href={logsOf(service.name)}>
            Logs
          </Menu.Item>
          {runtime !== null && (
            <Menu.Item leftSection={<IconTextCaption size={14} />} onClick={onOutput} data-testid={`output-${service.name}`}>
              Output (stdout and stderr)
            </Menu.Item>
          )}
          {runtime !== null && (
            <Menu.Item leftSection={<IconTerminal2 size={14} />} disabled={runtime.tmuxTarget === null || !terminal.allowed} onClick={onTerminal}>
              {runtime.tmuxTarget === null
                ? 'Terminal (runs as a child process: none)'
                : terminal.allowed
                  ? `Terminal (${runtime.tmuxTarget})`
                  : `Terminal (${terminal.reason ?? ''})`}
            </Menu.Item>
          )}
          {canReset && (
            <Menu.Item leftSection={<IconRotateClockwise2 size={14} />} color="red" disabled={!operate.allowed} onClick={() => onAction('reset')}>
              Reset and start again{operate.allowed ? '' : ` (${operate.reason ?? ''})`}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
