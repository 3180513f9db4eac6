import { ActionIcon, Code, CopyButton, Group, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import type { ServiceView } from '../../../../shared/types/service';
import { useBridge } from '../../bridge/use-bridge';
import { RelativeTime } from '../../components/RelativeTime';
import { Uptime } from '../../components/Uptime';
import { formatBytes } from '../../format/bytes';
import { formatPercent } from '../../format/operation';
import { hasLiveProcess, replicaTally } from '../services/running-phase';
import { setSessions, useSessionsStore } from '../../stores/sessions-store';

function Vital({ label, children, hint, testId }: { label: string; children: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="xs" radius="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={600} ff="monospace" data-testid={testId} style={{ overflowWrap: 'anywhere' }} component="div">
        {children}
      </Text>
      {hint !== undefined && (
        <Text size="xs" c="dimmed" component="div">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const dash = (
  <Text span c="dimmed" fw={400}>
    —
  </Text>
);

/** `tmux -L shop attach -t shop:api`: the session and socket Zervigo really used. */
function AttachHint({ target }: { target: string }) {
  const bridge = useBridge();
  const server = useSessionsStore((state) => state.server);
  useEffect(() => {
    if (server === null) bridge.invoke('sessions.list').then(setSessions, () => undefined);
  }, [bridge, server]);
  if (server === null) return null;
  const command = ['tmux', ...(server.socket === null ? [] : ['-L', server.socket]), 'attach', '-t', target].join(' ');
  return (
    <Group gap={4} wrap="nowrap" mt={2}>
      <Code fz="xs" style={{ overflowWrap: 'anywhere' }} data-testid="attach-hint">
        {command}
      </Code>
      <CopyButton value={command}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the attach command'}>
            <ActionIcon variant="subtle" size="sm" aria-label="Copy the attach command" onClick={copy}>
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** Its process as Zervigo runs it: pid, uptime (ticking), restarts, CPU, memory, last exit and where it runs. */
export function ProcessVitals({ service }: { service: ServiceView }) {
  const runtime = service.runtime;
  if (runtime === null) {
    return (
      <Text size="sm" c="dimmed" data-testid="service-observed">
        Zervigo does not start {service.name} (it has no <Code>start</Code> command): it is only observed through its probes.
      </Text>
    );
  }
  // A replicated service's figures are its replicas': summed, the oldest start, how many are up.
  const live = hasLiveProcess(runtime);
  const tally = replicaTally(runtime);
  const exit = runtime.lastExit;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" data-testid="service-vitals">
      {tally === null ? (
        <Vital label="PID" testId="vital-pid" hint={runtime.adopted ? 'adopted: found running, not started twice' : undefined}>
          {live ? runtime.pid : dash}
        </Vital>
      ) : (
        <Vital label="Replicas" testId="vital-pid" hint="running and ready">
          {tally}
        </Vital>
      )}
      <Vital
        label="Uptime"
        testId="vital-uptime"
        hint={runtime.startedAt !== null && live ? tally === null ? <RelativeTime at={runtime.startedAt} size="xs" /> : 'of the oldest replica' : undefined}
      >
        {live && runtime.startedAt !== null ? <Uptime since={runtime.startedAt} /> : dash}
      </Vital>
      <Vital
        label="Restarts"
        testId="vital-restarts"
        hint={runtime.failures > 0 ? `${runtime.failures} failure${runtime.failures === 1 ? '' : 's'} in a row` : 'automatic, since Zervigo took it over'}
      >
        {runtime.restarts}
      </Vital>
      <Vital label="CPU" testId="vital-cpu" hint={tally === null ? 'of one core, children included' : 'of one core, its replicas together'}>
        {live && runtime.cpuPercent !== null ? formatPercent(runtime.cpuPercent) : dash}
      </Vital>
      <Vital label="Memory" testId="vital-memory" hint={tally === null ? 'resident' : 'resident, its replicas together'}>
        {live && runtime.memoryBytes !== null ? formatBytes(runtime.memoryBytes) : dash}
      </Vital>
      <Vital label="Last exit" testId="vital-exit" hint={exit === null ? 'not since Zervigo started it' : <RelativeTime at={exit.at} size="xs" />}>
        {exit === null ? dash : `${exit.replica === undefined ? '' : `${exit.replica}: `}${exit.signal ?? `code ${exit.code ?? '?'}`}`}
      </Vital>
      <Paper withBorder p="xs" radius="sm" style={{ gridColumn: '1 / -1' }}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Runs
        </Text>
        {runtime.tmuxTarget !== null ? (
          <>
            <Text size="sm">
              in the tmux window <Code>{runtime.tmuxTarget}</Code>; attach from a shell with
            </Text>
            <AttachHint target={runtime.tmuxTarget} />
          </>
        ) : (
          <Text size="sm">
            as a child process of Zervigo
            {runtime.logFile !== null && (
              <>
                ; its output goes to <Code style={{ overflowWrap: 'anywhere' }}>{runtime.logFile}</Code>
              </>
            )}
          </Text>
        )}
      </Paper>
    </SimpleGrid>
  );
}
