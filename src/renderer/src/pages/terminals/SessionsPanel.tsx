import { ActionIcon, Alert, Badge, Button, Code, Group, Paper, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconLayoutGrid, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { TmuxServerView, TmuxSessionView, TmuxWindowView } from '../../../../shared/types/sessions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import classes from './SessionsPanel.module.css';

function deadPanes(window: TmuxWindowView) {
  return window.panes.filter((pane) => pane.dead);
}

/**
 * The tmux server of the workspace: sessions and windows to open as terminals, dead panes with a
 * respawn, and the workspace's layouts to create sessions from.
 */
export function SessionsPanel({
  server,
  onOpen,
  onRespawn,
  onKill,
  onLayout,
}: {
  server: TmuxServerView | null;
  onOpen: (session: TmuxSessionView, window: TmuxWindowView) => void;
  onRespawn: (paneId: string) => void;
  onKill: (target: string) => void;
  onLayout: (layout: string) => void;
}) {
  const [killing, setKilling] = useState<{ target: string; label: string } | null>(null);
  if (server === null) return null;
  const sessions = server.sessions.filter((session) => !/-view-[0-9a-f]{6}$/.test(session.name));
  return (
    <Paper withBorder p="xs" h="100%" className={classes.panel}>
      <Group gap={6} mb={6}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          tmux
        </Text>
        {server.socket !== null && (
          <Text size="xs" c="dimmed" ff="monospace">
            -L {server.socket}
          </Text>
        )}
      </Group>
      {!server.available && (
        <Alert color="red" variant="light" p={8} mb="xs">
          <Text size="xs">{server.message}</Text>
        </Alert>
      )}
      <ScrollArea.Autosize mah="calc(100vh - 260px)" type="auto">
        <Stack gap={8}>
          {server.available && sessions.length === 0 && (
            <Text size="xs" c="dimmed">
              No sessions yet. Services with <Code>tmux: true</Code> run in one; or create one from a layout below.
            </Text>
          )}
          {sessions.map((session) => (
            <div key={session.id} data-testid={`tmux-session-${session.name}`}>
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Text size="sm" fw={600} ff="monospace" truncate>
                  {session.name}
                </Text>
                <Tooltip label={`Kill session ${session.name}`}>
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="gray"
                    aria-label={`Kill session ${session.name}`}
                    onClick={() => setKilling({ target: session.id, label: `session ${session.name} and everything running in it` })}
                  >
                    <IconTrash size={12} />
                  </ActionIcon>
                </Tooltip>
              </Group>
              {session.windows.map((window) => {
                const dead = deadPanes(window);
                return (
                  <div key={window.id}>
                    <UnstyledButton
                      className={classes.window}
                      onClick={() => onOpen(session, window)}
                      data-testid={`tmux-window-${session.name}-${window.name}`}
                    >
                      <Group gap={6} wrap="nowrap">
                        <Text size="xs" c="dimmed" ff="monospace">
                          {window.index}
                        </Text>
                        <Text size="sm" ff="monospace" truncate>
                          {window.name}
                        </Text>
                        {window.panes.length > 1 && (
                          <Badge size="xs" variant="default">
                            {window.panes.length} panes
                          </Badge>
                        )}
                        {dead.length > 0 && (
                          <Badge size="xs" color="red" variant="light">
                            {dead.length === window.panes.length ? 'dead' : `${dead.length} dead`}
                          </Badge>
                        )}
                      </Group>
                    </UnstyledButton>
                    {dead.map((pane) => (
                      <Group key={pane.id} gap={4} pl={18} wrap="nowrap">
                        <Text size="xs" c="red.7">
                          pane {pane.index} exited
                          {pane.deadStatus !== null ? ` (${pane.deadStatus})` : pane.deadSignal !== null ? ` (signal ${pane.deadSignal})` : ''}
                        </Text>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconPlayerPlay size={10} />}
                          onClick={() => onRespawn(pane.id)}
                          data-testid={`respawn-${pane.id}`}
                        >
                          respawn
                        </Button>
                      </Group>
                    ))}
                  </div>
                );
              })}
            </div>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {server.layouts.length > 0 && (
        <Stack gap={4} mt="sm">
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            Layouts
          </Text>
          {server.layouts.map((layout) => (
            <Button
              key={layout}
              size="compact-xs"
              variant="default"
              leftSection={<IconLayoutGrid size={12} />}
              disabled={server.sessions.some((session) => session.name === layout)}
              onClick={() => onLayout(layout)}
              justify="flex-start"
            >
              Create {layout}
            </Button>
          ))}
        </Stack>
      )}
      {server.available && (
        <Text size="xs" c="dimmed" mt="sm" ff="monospace">
          {server.attachHint}
        </Text>
      )}
      <ConfirmDialog
        opened={killing !== null}
        title="Kill this tmux session?"
        confirmLabel="Kill"
        onCancel={() => setKilling(null)}
        onConfirm={() => {
          if (killing !== null) onKill(killing.target);
          setKilling(null);
        }}
      >
        <Text size="sm">This ends {killing?.label}. Services running there are restarted by their policy.</Text>
      </ConfirmDialog>
    </Paper>
  );
}
