import { Button, Menu, Text } from '@mantine/core';
import { IconCheck, IconSelector } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { HostedWorkspaceView } from '../../../shared/types/hosted-workspaces';
import { workspacePathPrefix } from '../../../shared/wire';
import { useBridge } from '../bridge/use-bridge';
import { usePhone } from '../components/use-phone';

/**
 * The workspaces of this server the person is a member of, to switch between (each opens at
 * /w/<name>/, on the same page). Absent when there is only one: the desktop app, a server hosting one.
 */
export function WorkspaceSwitcher() {
  const bridge = useBridge();
  const phone = usePhone();
  const [workspaces, setWorkspaces] = useState<HostedWorkspaceView[]>([]);
  useEffect(() => {
    let alive = true;
    void bridge.invoke('workspaces.list').then(
      (list) => alive && setWorkspaces(list),
      () => alive && setWorkspaces([]),
    );
    return () => {
      alive = false;
    };
  }, [bridge]);
  const current = workspaces.find((workspace) => workspace.current);
  if (workspaces.length < 2 || current === undefined) return null;
  const open = (name: string): void => window.location.assign(`${workspacePathPrefix(name)}/${window.location.hash}`);
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="compact-sm"
          rightSection={<IconSelector size={14} stroke={1.6} />}
          aria-label={`Workspace ${current.name}: switch workspace`}
          data-testid="workspace-switcher"
          maw={phone ? 120 : 220}
        >
          <Text size="sm" fw={600} truncate="end">
            {current.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="workspace-menu">
        <Menu.Label>Workspaces on this server</Menu.Label>
        {workspaces.map((workspace) => (
          <Menu.Item
            key={workspace.name}
            onClick={() => workspace.current || open(workspace.name)}
            leftSection={workspace.current ? <IconCheck size={14} /> : <span style={{ width: 14, display: 'inline-block' }} />}
            rightSection={
              <Text size="xs" c="dimmed">
                {workspace.role}
              </Text>
            }
          >
            {workspace.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
