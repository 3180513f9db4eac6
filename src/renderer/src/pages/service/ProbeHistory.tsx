import { Button, Paper, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ProbeTransition } from '../../../../shared/types/monitoring';
import type { ServiceView } from '../../../../shared/types/service';
import { useBridge } from '../../bridge/use-bridge';
import { RelativeTime } from '../../components/RelativeTime';
import { ToneBadge } from '../../components/StatusBadge';
import { probeName, probeStatusLook } from '../../format/probe-status';
import { useProbesStore } from '../../stores/probes-store';

const PER_PROBE = 50;
/** A flapping probe makes many rows; the newest few are shown until asked for more. */
const SHOWN = 10;

/** When each probe went up, pending, down or paused, and why: newest first. */
export function ProbeHistory({ service }: { service: ServiceView }) {
  const bridge = useBridge();
  const ids = service.probes.map((probe) => probe.id);
  // Refetched when a status changes, not on every check.
  const statuses = useProbesStore((state) => ids.map((id) => state.byId[id]?.status ?? '').join(','));
  const [entries, setEntries] = useState<ProbeTransition[] | null>(null);
  const [all, setAll] = useState(false);
  const key = ids.join(',');
  useEffect(() => {
    let stopped = false;
    const wanted = key === '' ? [] : key.split(',');
    Promise.all(wanted.map((id) => bridge.invoke('probes.history', { id, limit: PER_PROBE })))
      .then((lists) => {
        if (!stopped) setEntries(lists.flat().sort((a, b) => b.at - a.at));
      })
      .catch(() => {
        if (!stopped) setEntries([]);
      });
    return () => {
      stopped = true;
    };
  }, [bridge, key, statuses]);

  if (entries === null) return null;
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No status changes yet. Each time a probe goes up, pending, down or is paused, it is listed here with the reason.
      </Text>
    );
  }
  return (
    <Paper withBorder radius="sm">
      <Table data-testid="probe-history" verticalSpacing={4}>
        <Table.Tbody>
          {(all ? entries : entries.slice(0, SHOWN)).map((entry, i) => (
            <Table.Tr key={`${entry.probeId}-${entry.at}-${i}`}>
              <Table.Td w={130}>
                <RelativeTime at={entry.at} size="sm" />
              </Table.Td>
              <Table.Td w={140}>
                <Text size="sm" ff="monospace">
                  {probeName(entry.probeId, service.name)}
                </Text>
              </Table.Td>
              <Table.Td w={100}>
                <ToneBadge look={probeStatusLook(entry.status)} size="xs" />
              </Table.Td>
              <Table.Td>
                <Text size="xs" c={entry.reason === null ? 'dimmed' : undefined}>
                  {entry.reason ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {entries.length > SHOWN && (
        <Button variant="subtle" size="xs" m={4} onClick={() => setAll((value) => !value)}>
          {all ? `Show the newest ${SHOWN}` : `Show all ${entries.length}`}
        </Button>
      )}
    </Paper>
  );
}
