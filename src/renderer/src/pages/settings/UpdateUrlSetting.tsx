import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { setSettings, useSettingsStore } from '../../stores/settings-store';
import { useCan } from '../../auth/use-can';

/** Where the desktop app looks for updates (a generic electron-updater feed); empty turns checks off. */
export function UpdateUrlSetting() {
  const bridge = useBridge();
  // Settings are the installation's: changing them needs configure (admins); others read them.
  const mayChange = useCan('settings.update');
  const saved = useSettingsStore((state) => state.settings?.updateUrl ?? null);
  const loaded = useSettingsStore((state) => state.settings !== null);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = draft ?? saved ?? '';
  const changed = draft !== null && draft.trim() !== (saved ?? '');

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const trimmed = value.trim();
      const settings = await bridge.invoke('settings.update', { updateUrl: trimmed === '' ? null : trimmed });
      setSettings(settings);
      setDraft(null);
      notifications.show({
        color: 'green',
        title: 'Update URL saved',
        message: settings.updateUrl === null ? 'Update checks are off.' : `Updates come from ${settings.updateUrl}.`,
      });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Update URL
          </Text>
          <Group align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              flex={1}
              maw={480}
              placeholder="https://updates.example.com/zervigo/"
              aria-label="Update URL"
              value={value}
              onChange={(event) => {
                setDraft(event.currentTarget.value);
                setError(null);
              }}
              error={error}
              disabled={!loaded || !mayChange.allowed}
              title={mayChange.allowed ? undefined : `Changing settings ${mayChange.reason ?? ''}`}
              data-testid="update-url"
            />
            <Button type="submit" disabled={!changed || !mayChange.allowed} loading={busy}>
              Save
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            An http(s) feed of releases for the desktop app. Leave it empty to turn update checks off.
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
