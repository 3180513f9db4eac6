import { Group, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { WorkspaceView } from '../../../../shared/types/workspace';
import { useBridge } from '../../bridge/use-bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EnvironmentBadge } from '../../components/EnvironmentBadge';
import { environmentColor, environmentKind } from '../../format/environment-kind';
import { messageOf } from '../../format/error-message';
import { setWorkspaceView } from '../../stores/workspace-store';
import { useCan } from '../../auth/use-can';

/**
 * Switches the active environment (an overlay of variables); production reads red, and
 * switching into an environment that confirms destructive actions asks first.
 */
export function EnvironmentSwitcher({ view }: { view: WorkspaceView }) {
  const bridge = useBridge();
  const maySwitch = useCan('workspace.setEnvironment');
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<string | null>(null);
  if (view.environments.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        none defined — add{' '}
        <Text span ff="monospace">
          environments:
        </Text>{' '}
        to the workspace to switch overlays
      </Text>
    );
  }
  const kind = environmentKind(view.environment);
  const active = view.environments.find((environment) => environment.name === view.environment);

  const switchTo = async (environment: string): Promise<void> => {
    setBusy(true);
    try {
      setWorkspaceView(await bridge.invoke('workspace.setEnvironment', { environment }));
      notifications.show({ color: environmentColor[environmentKind(environment)], title: 'Environment switched', message: `${environment} is now active.` });
      setAsking(null);
    } catch (error) {
      notifications.show({ color: 'red', title: `Could not switch to ${environment}`, message: messageOf(error), autoClose: false });
    } finally {
      setBusy(false);
    }
  };

  const choose = (environment: string | null): void => {
    if (environment === null || environment === view.environment) return;
    const target = view.environments.find((entry) => entry.name === environment);
    if (target?.confirmDestructive === true) setAsking(environment);
    else void switchTo(environment);
  };

  return (
    <Group gap="xs" wrap="wrap">
      <Select
        size="xs"
        w={180}
        aria-label="Active environment"
        data={view.environments.map((environment) => environment.name)}
        value={view.environment}
        onChange={choose}
        allowDeselect={false}
        disabled={busy}
        readOnly={!maySwitch.allowed}
        title={maySwitch.allowed ? undefined : `Switching the environment ${maySwitch.reason ?? ''}`}
        data-testid="environment-select"
        styles={kind === 'other' ? undefined : { input: { borderColor: `var(--mantine-color-${environmentColor[kind]}-6)`, borderWidth: 2 } }}
      />
      <EnvironmentBadge name={view.environment} />
      {active?.confirmDestructive === true && (
        <Text size="xs" c="dimmed">
          asks before destructive actions
        </Text>
      )}
      <ConfirmDialog
        opened={asking !== null}
        title={`Switch to ${asking ?? ''}?`}
        confirmLabel={`Switch to ${asking ?? ''}`}
        color={environmentColor[environmentKind(asking)]}
        busy={busy}
        onConfirm={() => asking !== null && void switchTo(asking)}
        onCancel={() => setAsking(null)}
      >
        <Text size="sm">
          {asking} confirms destructive actions. Its variables replace those of {view.environment ?? 'the current environment'} for every service of {view.name}{' '}
          at once.
        </Text>
      </ConfirmDialog>
    </Group>
  );
}
