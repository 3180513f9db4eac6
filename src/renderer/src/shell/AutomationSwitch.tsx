import { ActionIcon, Badge, Button, Group, Popover, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { AutomationState } from '../../../shared/types/jobs';
import { deniedProps, useCan } from '../auth/use-can';
import { useBridge } from '../bridge/use-bridge';
import { PHONE_BREAKPOINT, usePhone } from '../components/use-phone';
import { messageOf } from '../format/error-message';
import { formatAbsoluteTime } from '../format/time';

/**
 * The global "pause automation" switch in the header. While automation runs it is a quiet pause
 * button (desktop only: the Jobs page and the palette have it too); while paused it is a yellow
 * badge at every size, because jobs, rule actions and deploys are being held back and everyone
 * looking at the console should know it. Either opens a popover that says what pausing covers,
 * who paused and why, with the button that flips it.
 */
export function AutomationSwitch() {
  const bridge = useBridge();
  const can = useCan('automation.setPaused');
  const [state, setState] = useState<AutomationState | null>(null);
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const phone = usePhone();

  useEffect(() => {
    let stopped = false;
    const stop = bridge.subscribe('automation.changed', setState);
    bridge.invoke('automation.get').then(
      (loaded) => {
        if (!stopped) setState(loaded);
      },
      // The header stays quiet on a failed read: the Jobs page says why.
      () => undefined,
    );
    return () => {
      stopped = true;
      stop();
    };
  }, [bridge]);

  if (state === null) return null;
  const flip = (): void => {
    if (!can.allowed) return;
    setBusy(true);
    const input = state.paused ? { paused: false } : { paused: true, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) };
    bridge
      .invoke('automation.setPaused', input)
      .then((next) => {
        setState(next);
        setOpened(false);
        setReason('');
      })
      .catch((failure: unknown) => notifications.show({ color: 'red', title: 'Could not change the automation switch', message: messageOf(failure) }))
      .finally(() => setBusy(false));
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} shadow="md" withArrow>
      <Popover.Target>
        {state.paused ? (
          <Badge
            component="button"
            type="button"
            onClick={() => setOpened((open) => !open)}
            color="yellow"
            variant="filled"
            size="sm"
            tt="none"
            style={{ cursor: 'pointer', flexShrink: 0 }}
            data-testid="automation-switch"
            data-paused="true"
            aria-label="automation paused"
          >
            {/* A phone's header has room for the word that matters; the popover says the rest. */}
            {phone ? 'paused' : 'automation paused'}
          </Badge>
        ) : (
          <Tooltip label="Pause automation (jobs, rule actions, deploys)" disabled={opened}>
            <ActionIcon
              variant="default"
              size="md"
              onClick={() => setOpened((open) => !open)}
              aria-label="Pause automation"
              visibleFrom={PHONE_BREAKPOINT}
              data-testid="automation-switch"
              data-paused="false"
            >
              <IconPlayerPause size={16} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        )}
      </Popover.Target>
      <Popover.Dropdown data-testid="automation-popover">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {state.paused ? 'Automation is paused' : 'Automation runs'}
          </Text>
          {state.paused && (
            <Text size="xs">
              {state.by === null ? 'Paused' : `Paused by ${state.by}`}
              {state.since === null ? '' : ` at ${formatAbsoluteTime(state.since)}`}
              {state.reason === null ? '' : `: ${state.reason}`}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {state.covers}
          </Text>
          {!state.paused && (
            <TextInput
              size="xs"
              label="Why (shown to everyone, kept in the audit log)"
              placeholder="e.g. database migration until 15:00"
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') flip();
              }}
              data-testid="automation-reason"
            />
          )}
          <Group justify="flex-end">
            <Tooltip label={can.reason ?? ''} disabled={can.allowed}>
              <Button size="xs" color={state.paused ? 'green' : 'yellow'} loading={busy} onClick={flip} {...deniedProps(can)} data-testid="automation-flip">
                {state.paused ? 'Resume automation' : 'Pause automation'}
              </Button>
            </Tooltip>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
