import { Alert, Button, Code, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import type { PluginView } from '../../../../shared/types/plugins';
import { capabilityLines, contributionWords } from './plugin-words';

/**
 * Enabling a plugin the operator has not trusted yet: what it will be allowed to do, in words,
 * before its code runs. Accepting is asked once; an update asking for more asks again.
 */
export function PluginTrustDialog({ plugin, busy, onAccept, onCancel }: { plugin: PluginView; busy: boolean; onAccept: () => void; onCancel: () => void }) {
  const lines = capabilityLines(plugin.capabilities);
  return (
    <Modal opened onClose={onCancel} title={<Text fw={600}>Trust plugin {plugin.id}?</Text>} size="md">
      <Stack gap="sm" data-testid="plugin-trust-dialog">
        <Text size="sm">
          <Code>{plugin.packageName}</Code> {plugin.version} adds {contributionWords(plugin.contributes)}. Enabling it starts its code in a process of its own,
          allowed to:
        </Text>
        {lines.length === 0 ? (
          <Text size="sm" data-testid="plugin-trust-capability">
            Nothing beyond its own folder: no declared network hosts, commands or paths.
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {lines.map((line) => (
              <List.Item key={line} data-testid="plugin-trust-capability">
                {line}
              </List.Item>
            ))}
          </List>
        )}
        <Alert color="yellow" variant="light" p="xs">
          <Text size="xs">
            Node&apos;s permission model holds it to the paths and commands above: a seat belt, not a sandbox. Enable only code you trust. Accepting is asked
            once and written to the audit log; an update that asks for more asks again.
          </Text>
        </Alert>
        <Group justify="flex-end" gap="xs">
          {/* Focus starts on Cancel: trusting code is not a reflex. */}
          <Button variant="default" onClick={onCancel} disabled={busy} data-autofocus data-testid="plugin-trust-cancel">
            Not now
          </Button>
          <Button leftSection={<IconShieldCheck size={14} />} loading={busy} onClick={onAccept} data-testid="plugin-trust-accept">
            Accept and enable
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
