import '@xterm/xterm/css/xterm.css';
import { ActionIcon, Alert, Button, Code, Group, Paper, Splitter, Tabs, Text, Tooltip, useComputedColorScheme } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLayoutColumns, IconLayoutRows, IconLock, IconSearch, IconTerminal2, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { TerminalTarget, TmuxServerView } from '../../../shared/types/sessions';
import { useBridge } from '../bridge/use-bridge';
import { PageHeader } from '../components/PageHeader';
import { messageOf } from '../format/error-message';
import { setSessions, useSessionsStore } from '../stores/sessions-store';
import { SessionsPanel } from './terminals/SessionsPanel';
import { TerminalSearch } from './terminals/TerminalSearch';
import { terminalThemes } from './terminals/terminal-theme';
import { TerminalView } from './terminals/TerminalView';
import classes from './terminals/TerminalsPage.module.css';
import { closeTab, closeTerminal, openTerminal, selectTab, setTerminalTheme, tabShowing, useTerminalsStore } from './terminals/terminals-store';
import { DeniedTooltip } from '../auth/DeniedTooltip';
import { deniedProps, guard, useCan } from '../auth/use-can';

function StatusDot({ exited, label }: { exited: boolean; label?: string }) {
  return (
    <Tooltip label={label ?? (exited ? 'Its process has ended' : 'Running')}>
      <span
        aria-label={exited ? 'ended' : 'running'}
        style={{
          display: 'inline-block',
          width: 8,
          height: 8,
          borderRadius: 4,
          background: exited ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-green-6)',
        }}
      />
    </Tooltip>
  );
}

/** True when the tmux window a terminal shows has a dead pane. */
function paneDead(server: TmuxServerView | null, target: TerminalTarget | undefined): boolean {
  if (target?.kind !== 'tmux' || server === null) return false;
  const session = server.sessions.find((entry) => entry.name === target.session);
  const window = target.window === undefined ? session?.windows.find((entry) => entry.active) : session?.windows.find((entry) => entry.name === target.window);
  return window?.panes.some((pane) => pane.dead) ?? false;
}

/**
 * Embedded terminals: tmux windows of the workspace (each through a view of its own) and shells,
 * in tabs with split panes, searchable, with clickable links. Over IPC in the desktop and
 * WebSocket in the browser, with the same flow control.
 */
export function TerminalsPage({ open }: { open: { session: string; window?: string } | null }) {
  const bridge = useBridge();
  const [, navigate] = useLocation();
  const server = useSessionsStore((state) => state.server);
  const { tabs, active, infos, focused } = useTerminalsStore();
  const [searching, setSearching] = useState(false);
  // Terminals are shells on this machine: admins only; others see the sessions and why they cannot open them.
  const shell = useCan('terminal.open');
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });

  useEffect(() => setTerminalTheme(terminalThemes[scheme]), [scheme]);
  useEffect(() => {
    bridge.invoke('sessions.list').then(setSessions, () => undefined);
  }, [bridge]);

  const launch = (target: TerminalTarget, split?: 'horizontal' | 'vertical'): void => {
    openTerminal(bridge, target, split === undefined || active === null ? {} : { splitInto: active, direction: split }).catch((error: unknown) =>
      notifications.show({ color: 'red', title: 'Could not open the terminal', message: messageOf(error) }),
    );
  };

  // #/terminals/<session:window> from the Services page: focus its tab or open one.
  useEffect(() => {
    if (open === null) return;
    const existing = tabShowing(open.session, open.window);
    if (existing !== null) selectTab(existing);
    else launch({ kind: 'tmux', session: open.session, ...(open.window === undefined ? {} : { window: open.window }) });
    navigate('/terminals', { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per requested target
  }, [open?.session, open?.window]);

  const act = (what: Promise<unknown>, failure: string): void => {
    what.then(
      () => bridge.invoke('sessions.list').then(setSessions, () => undefined),
      (error: unknown) => notifications.show({ color: 'red', title: failure, message: messageOf(error) }),
    );
  };

  const activeTab = tabs.find((tab) => tab.key === active) ?? null;
  const focusedInActive = activeTab !== null && focused !== null && activeTab.panes.includes(focused) ? focused : (activeTab?.panes[0] ?? null);

  return (
    <>
      <PageHeader title="Terminals" description="tmux windows of the workspace and shells, in tabs; split a tab to see two at once">
        <DeniedTooltip can={shell} what="New shell">
          <Button
            leftSection={<IconTerminal2 size={14} />}
            variant="light"
            {...deniedProps(shell)}
            onClick={guard(shell, () => launch({ kind: 'shell' }))}
            data-testid="new-shell"
          >
            New shell
          </Button>
        </DeniedTooltip>
      </PageHeader>
      {!shell.allowed && (
        <Alert color="gray" variant="light" icon={<IconLock size={18} />} mb="sm" py={8} data-testid="terminals-denied">
          Opening terminals and typing into panes {shell.reason ?? ''}: they are shells on this machine. You can see the sessions and windows.
        </Alert>
      )}
      <div className={classes.layout}>
        <SessionsPanel
          server={server}
          onOpen={(session, window) => {
            const existing = tabShowing(session.name, window.name);
            if (existing !== null) selectTab(existing);
            else launch({ kind: 'tmux', session: session.name, window: window.name });
          }}
          onRespawn={(pane) => act(bridge.invoke('sessions.respawn', { target: pane }), 'Respawn failed')}
          onKill={(target) => act(bridge.invoke('sessions.kill', { target }), 'Kill failed')}
          onLayout={(layout) =>
            act(
              bridge.invoke('sessions.up', { layout }).then((result) =>
                notifications.show({
                  color: 'green',
                  title: `Created session ${result.session}`,
                  message: result.waiting.length === 0 ? 'Every pane started.' : `Waiting for dependencies: ${result.waiting.join(', ')}`,
                }),
              ),
              'Could not create the session',
            )
          }
        />
        <Paper withBorder style={{ display: 'flex', flexDirection: 'column', minHeight: 0, overflow: 'hidden' }}>
          {tabs.length === 0 ? (
            <Group justify="center" align="center" style={{ flex: 1 }} p="xl">
              <div style={{ textAlign: 'center', maxWidth: 420 }}>
                <IconTerminal2 size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
                <Text fw={600} mt="xs">
                  No terminal open
                </Text>
                <Text size="sm" c="dimmed" mt={4}>
                  Pick a tmux window on the left, open a service&apos;s terminal from the Services page, or start a shell. Services with <Code>tmux: true</Code>{' '}
                  get a window you can attach to here.
                </Text>
              </div>
            </Group>
          ) : (
            <>
              <Group justify="space-between" wrap="nowrap" px={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                <Tabs value={active} onChange={(value) => value !== null && selectTab(value)} variant="default" style={{ minWidth: 0 }}>
                  <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', borderBottom: 0 }}>
                    {tabs.map((tab) => (
                      <Tabs.Tab
                        key={tab.key}
                        value={tab.key}
                        data-testid={`terminal-tab-${tab.key}`}
                        leftSection={(() => {
                          const ended = tab.panes.every((id) => infos[id]?.exited !== null && infos[id]?.exited !== undefined);
                          const dead = tab.panes.some((id) => paneDead(server, infos[id]?.target));
                          return (
                            <StatusDot
                              exited={ended || dead}
                              label={dead && !ended ? 'A process in this tmux window has exited (respawn it from the list on the left)' : undefined}
                            />
                          );
                        })()}
                        rightSection={
                          <ActionIcon
                            component="span"
                            size="xs"
                            variant="subtle"
                            color="gray"
                            aria-label="Close tab"
                            onClick={(event) => {
                              event.stopPropagation();
                              closeTab(tab.key);
                            }}
                          >
                            <IconX size={12} />
                          </ActionIcon>
                        }
                      >
                        <Text size="sm" ff="monospace">
                          {tab.panes.map((id) => infos[id]?.title ?? '…').join(' | ')}
                        </Text>
                      </Tabs.Tab>
                    ))}
                  </Tabs.List>
                </Tabs>
                <Group gap={4} wrap="nowrap">
                  {searching ? (
                    <TerminalSearch terminalId={focusedInActive} onClose={() => setSearching(false)} />
                  ) : (
                    <Tooltip label="Search the scrollback">
                      <ActionIcon variant="subtle" color="gray" aria-label="Search the scrollback" onClick={() => setSearching(true)}>
                        <IconSearch size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  <Tooltip label="Split: a shell beside this one">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label="Split side by side"
                      disabled={activeTab?.panes.length !== 1}
                      onClick={() => launch({ kind: 'shell' }, 'horizontal')}
                    >
                      <IconLayoutColumns size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Split: a shell below this one">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label="Split stacked"
                      disabled={activeTab?.panes.length !== 1}
                      onClick={() => launch({ kind: 'shell' }, 'vertical')}
                    >
                      <IconLayoutRows size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              <div style={{ flex: 1, minHeight: 0, position: 'relative' }}>
                {tabs.map((tab) => (
                  <div key={tab.key} style={{ position: 'absolute', inset: 0, display: tab.key === active ? 'block' : 'none' }}>
                    {tab.panes.length === 1 ? (
                      <TerminalView id={tab.panes[0] as string} active={tab.key === active} />
                    ) : (
                      <Splitter orientation={tab.split} h="100%">
                        {tab.panes.map((id) => (
                          <Splitter.Pane key={id} defaultSize={50} style={{ minWidth: 0, minHeight: 0, position: 'relative' }}>
                            <ActionIcon
                              size="xs"
                              variant="default"
                              aria-label="Close this pane"
                              onClick={() => closeTerminal(id)}
                              className="pane-close"
                              style={{ position: 'absolute', top: 4, right: 12, zIndex: 2 }}
                            >
                              <IconX size={12} />
                            </ActionIcon>
                            <TerminalView id={id} active={tab.key === active && id === focusedInActive} />
                          </Splitter.Pane>
                        ))}
                      </Splitter>
                    )}
                  </div>
                ))}
              </div>
            </>
          )}
        </Paper>
      </div>
    </>
  );
}
