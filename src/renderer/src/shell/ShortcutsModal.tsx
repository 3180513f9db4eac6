import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { shortcuts } from './shortcuts';

/** The list behind "?": every keyboard shortcut that exists, and nothing that does not. */
export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size={480}>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {shortcuts.map((shortcut) => (
            <Table.Tr key={shortcut.description}>
              <Table.Td w={130} style={{ whiteSpace: 'nowrap' }}>
                <Group gap={4} wrap="nowrap">
                  {shortcut.keys.map((key, index) => (
                    <Group key={key} gap={4} wrap="nowrap">
                      {index > 0 && (
                        <Text size="xs" c="dimmed">
                          then
                        </Text>
                      )}
                      <Kbd size="sm">{key}</Kbd>
                    </Group>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{shortcut.description}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        Single-key shortcuts are ignored while typing in a field.
      </Text>
    </Modal>
  );
}
