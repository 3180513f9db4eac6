import { Anchor, Button, Code, Drawer, Group, Loader, ScrollArea, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { useLastPresent } from '../../components/use-last-shown';
import { useLogsHref } from '../../components/use-logs-href';

type OutputState = { file: string | null; lines: string[] } | { error: string } | null;

/** The last lines a service wrote, with a link to them in Logs (`logsHref`: at the page's time range, where there is one). */
export function OutputContent({ service, logsHref, height = 'calc(100vh - 140px)' }: { service: string; logsHref?: string; height?: string }) {
  const bridge = useBridge();
  const logsOf = useLogsHref();
  const [state, setState] = useState<OutputState>(null);
  const load = useCallback(() => {
    bridge.invoke('services.output', { service, lines: 500 }).then(setState, (error: unknown) => setState({ error: messageOf(error) }));
  }, [bridge, service]);
  useEffect(load, [load]);
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="xs" c="dimmed" ff="monospace" truncate="start" maw={480}>
          {state !== null && 'file' in state ? (state.file ?? 'no output file yet') : ''}
        </Text>
        <Group gap="xs">
          <Anchor href={logsHref ?? logsOf(service)} size="xs" data-tap data-testid="output-logs-link">
            Search in Logs
          </Anchor>
          <Button size="compact-xs" variant="default" leftSection={<IconRefresh size={12} />} onClick={load}>
            Refresh
          </Button>
        </Group>
      </Group>
      {state === null ? (
        <Loader size="sm" />
      ) : 'error' in state ? (
        <Text c="red" size="sm">
          {state.error}
        </Text>
      ) : state.lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing written yet. A service started by Zervigo has its stdout and stderr kept here.
        </Text>
      ) : (
        <ScrollArea h={height} type="auto">
          {/* A process's output keeps its lines as written: it scrolls sideways, within itself. */}
          <Code block data-mono data-scrolls data-testid="service-output">
            {state.lines.join('\n')}
          </Code>
        </ScrollArea>
      )}
    </>
  );
}

/** The last lines a service wrote (stdout and stderr, from its log file); search lives on the Logs page. */
export function OutputDrawer({ service, onClose }: { service: string | null; onClose: () => void }) {
  const shown = useLastPresent(service);
  return (
    <Drawer opened={service !== null} onClose={onClose} position="right" size="xl" title={<Text fw={600}>Output of {shown}</Text>}>
      {shown !== null && <OutputContent key={shown} service={shown} />}
    </Drawer>
  );
}
