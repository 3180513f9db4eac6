import { Button, Code, Text } from '@mantine/core';
import { useState } from 'react';
import type { DeployView } from '../../../../shared/types/deploys';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { codeOf, messageOf } from '../../format/error-message';
import { useConfirmDestructive } from '../../stores/use-confirm-destructive';

const words = {
  deploy: { label: 'Deploy', command: 'deploys.start', doing: 'deploying', effect: 'fetches, builds and switches to the head of its branch' },
  rollback: { label: 'Roll back', command: 'deploys.rollback', doing: 'rolling back', effect: 'switches back to the release before the running one' },
} as const;

/**
 * Deploy or roll back one service (operator). In a confirm_destructive environment it asks first,
 * naming the environment and the service (and asks then if the server does anyway); a viewer sees
 * it disabled with why. The started deploy is handed back at once; its stages follow by events.
 */
export function DeployActionButton({
  service,
  kind,
  disabledWhy,
  onStarted,
  onError,
}: {
  service: string;
  kind: 'deploy' | 'rollback';
  /** Why it cannot run now (nothing to roll back to), or null. */
  disabledWhy: string | null;
  onStarted: (view: DeployView) => void;
  onError: (message: string) => void;
}) {
  const bridge = useBridge();
  const word = words[kind];
  const permitted = useCan(word.command);
  // Not allowed, or nothing to do (no release to roll back to): either way disabled, saying why on hover.
  const can = permitted.allowed && disabledWhy !== null ? { allowed: false, reason: disabledWhy } : permitted;
  const { environment, asks } = useConfirmDestructive();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  const start = async (confirm: boolean): Promise<void> => {
    setBusy(true);
    try {
      onStarted(await bridge.invoke(word.command, { service, confirm, wait: false }));
    } catch (failure) {
      if (codeOf(failure) === 'confirmation_required') setAsking(true);
      else onError(`${word.label} ${service}: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <DeniedTooltip can={can} what={`${word.label} ${service}`}>
        <Button
          size="xs"
          variant={kind === 'deploy' ? 'filled' : 'default'}
          loading={busy}
          aria-label={`${word.label} ${service}`}
          {...deniedProps(can)}
          onClick={guard(can, () => (asks ? setAsking(true) : void start(false)))}
          data-thumb
          data-testid={`${kind}-${service}`}
        >
          {word.label}
        </Button>
      </DeniedTooltip>
      <ConfirmDialog
        opened={asking}
        title={`${word.label} ${service} in ${environment ?? 'this environment'}?`}
        confirmLabel={`${word.label} ${service}`}
        color={kind === 'deploy' ? 'blue' : 'red'}
        onConfirm={() => {
          setAsking(false);
          void start(true);
        }}
        onCancel={() => setAsking(false)}
      >
        <Text size="sm">
          The <Code>{environment}</Code> environment asks for confirmation before {word.doing} a service. This {word.effect} for <Code>{service}</Code>,
          restarts it and checks its health; a failure rolls it back.
        </Text>
      </ConfirmDialog>
    </>
  );
}
