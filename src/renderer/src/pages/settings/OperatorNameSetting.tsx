import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { useAppInfoStore } from '../../stores/app-info-store';
import { setSettings, useSettingsStore } from '../../stores/settings-store';
import { useCan } from '../../auth/use-can';

/** Who acknowledges and silences from this installation, until people sign in (the teams issue). */
export function OperatorNameSetting() {
  const bridge = useBridge();
  // Settings are the installation's: changing them needs configure (admins); others read them.
  const mayChange = useCan('settings.update');
  const saved = useSettingsStore((state) => state.settings?.operatorName ?? null);
  const loaded = useSettingsStore((state) => state.settings !== null);
  const user = useAppInfoStore((state) => state.info?.user ?? null);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = draft ?? saved ?? '';
  const changed = draft !== null && draft.trim() !== (saved ?? '');

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const settings = await bridge.invoke('settings.update', { operatorName: value.trim() });
      setSettings(settings);
      setDraft(null);
      notifications.show({
        color: 'green',
        title: 'Name saved',
        message: `Acknowledgements and silences are recorded as ${settings.operatorName ?? user ?? 'the OS user'}.`,
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
            Your name
          </Text>
          <Group align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              flex={1}
              maw={320}
              placeholder={user ?? 'your name'}
              aria-label="Your name"
              value={value}
              onChange={(event) => {
                setDraft(event.currentTarget.value);
                setError(null);
              }}
              error={error}
              disabled={!loaded || !mayChange.allowed}
              title={mayChange.allowed ? undefined : `Changing settings ${mayChange.reason ?? ''}`}
              data-testid="operator-name"
            />
            <Button type="submit" disabled={!changed || !mayChange.allowed} loading={busy} data-testid="operator-name-save">
              Save
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Acknowledgements and silences made from this console are recorded under this name{user === null ? '' : `; empty: ${user}, the user Zervigo runs as`}
            .
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
