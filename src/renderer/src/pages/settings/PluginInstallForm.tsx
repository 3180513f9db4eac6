import { Button, Group, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPackageImport } from '@tabler/icons-react';
import { useState } from 'react';
import type { PluginView } from '../../../../shared/types/plugins';
import { DeniedTooltip } from '../../auth/DeniedTooltip';
import { deniedProps, useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

/**
 * Install from a folder or an npm pack tarball by its path on the engine's machine: the web
 * console cannot hand the server a file from the browser, so the path is typed or pasted.
 * Installing runs no plugin code; enabling it is a separate, trusted step.
 */
export function PluginInstallForm({ onInstalled }: { onInstalled: (plugin: PluginView) => void }) {
  const bridge = useBridge();
  const may = useCan('plugins.install');
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const install = async (): Promise<void> => {
    if (!may.allowed || source.trim() === '') return;
    setBusy(true);
    try {
      const plugin = await bridge.invoke('plugins.install', { source: source.trim() });
      setSource('');
      setProblem(null);
      notifications.show({
        color: 'green',
        title: `Installed ${plugin.id} ${plugin.version}`,
        message: plugin.enabled ? 'It runs again.' : 'Enable it to run it.',
      });
      onInstalled(plugin);
    } catch (caught) {
      // The path stays in the field to be corrected.
      setProblem(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void install();
      }}
    >
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          style={{ flex: '1 1 260px' }}
          aria-label="Plugin folder or tarball"
          placeholder="/path/to/plugin or /path/to/zervigo-plugin-x-1.0.0.tgz"
          description="A folder or an npm pack tarball, as a path on the machine Zervigo runs on"
          value={source}
          onChange={(event) => setSource(event.currentTarget.value)}
          error={problem}
          disabled={!may.allowed}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="plugin-install-source"
        />
        <DeniedTooltip can={may} what="Install a plugin">
          <Button
            type="submit"
            mt={22}
            leftSection={<IconPackageImport size={14} />}
            loading={busy}
            {...deniedProps(may)}
            disabled={may.allowed && source.trim() === ''}
            data-testid="plugin-install"
          >
            Install
          </Button>
        </DeniedTooltip>
      </Group>
    </form>
  );
}
