import { Button, Group, Tooltip } from '@mantine/core';
import { IconFileText, IconPlayerPlay, IconPlayerStop, IconRefresh, IconRotateClockwise2, IconTerminal2 } from '@tabler/icons-react';
import type { ServiceView } from '../../../../shared/types/service';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { terminalPath } from '../terminals/terminal-path';
import { useTerminalHere } from '../services/use-terminal-here';
import { ConfirmServiceAction } from '../services/ConfirmServiceAction';
import { isRunningPhase } from '../services/running-phase';
import { useServiceControl } from '../services/use-service-control';

/**
 * The service page's actions, as on the Services table (the same confirmation in a
 * confirm_destructive environment, the same toasts): start or stop, restart, reset when it has
 * given up, and links to its logs (at the page's range) and its terminal.
 */
export function ServiceActions({ service, logsHref }: { service: ServiceView; logsHref: string }) {
  const control = useServiceControl();
  const runtime = service.runtime;
  const busy = control.busy.has(service.name);
  const running = runtime !== null && isRunningPhase(runtime.phase);
  // Operating needs operate, the terminal shell: a person without them sees why on hover.
  const operate = useCan('services.restart');
  const terminal = useTerminalHere();
  const act = (action: 'start' | 'stop' | 'restart' | 'reset'): (() => void) => guard(operate, () => control.request(action, [service.name]));
  return (
    <Group gap="xs" wrap="wrap" data-testid="service-actions">
      {runtime !== null && (
        <>
          {running ? (
            <DeniedTooltip can={operate} what={`Stop ${service.name}`}>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlayerStop size={14} />}
                loading={busy}
                {...deniedProps(operate)}
                onClick={act('stop')}
                data-thumb
                data-testid="service-stop"
              >
                Stop
              </Button>
            </DeniedTooltip>
          ) : (
            <DeniedTooltip can={operate} what={`Start ${service.name}`}>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlayerPlay size={14} />}
                loading={busy}
                {...deniedProps(operate)}
                onClick={act('start')}
                data-thumb
                data-testid="service-start"
              >
                Start
              </Button>
            </DeniedTooltip>
          )}
          <DeniedTooltip can={operate} what={`Restart ${service.name}`}>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} />}
              disabled={busy}
              {...deniedProps(operate)}
              onClick={act('restart')}
              data-thumb
              data-testid="service-restart"
            >
              Restart
            </Button>
          </DeniedTooltip>
          {(runtime.phase === 'given_up' || runtime.phase === 'failed') && (
            <Tooltip label={operate.allowed ? 'Forget its failures (the restart budget starts over) and start it again' : `Reset: ${operate.reason ?? ''}`}>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconRotateClockwise2 size={14} />}
                loading={busy}
                {...deniedProps(operate)}
                onClick={act('reset')}
                data-thumb
                data-testid="service-reset"
              >
                Reset
              </Button>
            </Tooltip>
          )}
        </>
      )}
      <Button size="xs" variant="subtle" component="a" href={logsHref} leftSection={<IconFileText size={14} />} data-thumb data-testid="service-logs">
        Logs
      </Button>
      {runtime?.tmuxTarget !== null && runtime?.tmuxTarget !== undefined && terminal.allowed && (
        <Button
          size="xs"
          variant="subtle"
          component="a"
          href={`#${terminalPath(runtime.tmuxTarget)}`}
          leftSection={<IconTerminal2 size={14} />}
          data-thumb
          data-testid="service-terminal"
        >
          Terminal
        </Button>
      )}
      <ConfirmServiceAction pending={control.pending} onConfirm={control.confirm} onCancel={control.cancel} />
    </Group>
  );
}
