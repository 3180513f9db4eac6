import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { RelativeTime } from '../../components/RelativeTime';
import { usePageHref } from '../../components/use-page-href';
import type { TimelineEntry, TimelineKind } from '../../format/service-timeline';
import { markerColor } from './marker-colors';

const SHOWN = 12;

const kindWords: Record<TimelineKind, string> = {
  outage: 'outage',
  restart: 'restart',
  start: 'start',
  stop: 'stop',
  gave_up: 'gave up',
  reset: 'reset',
  paused: 'paused',
  config: 'config',
};

function Entry({ entry }: { entry: TimelineEntry }) {
  const color = markerColor(entry);
  const ongoing = entry.end === null;
  const href = usePageHref();
  return (
    <Group
      gap="xs"
      wrap="wrap"
      align="flex-start"
      py={6}
      px="sm"
      data-testid="timeline-entry"
      data-kind={entry.kind}
      style={{ borderLeft: `3px solid ${color}` }}
    >
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        <Box w={84}>
          <RelativeTime at={entry.at} size="xs" c="dimmed" />
        </Box>
        <Badge size="xs" variant="light" color="gray" tt="none" w={64}>
          {kindWords[entry.kind]}
        </Badge>
      </Group>
      {/* Beside the time on a wide screen, under it on a phone. */}
      <Stack gap={0} style={{ flex: '1 1 220px', minWidth: 0 }}>
        <Text size="sm" fw={entry.kind === 'outage' || entry.tone === 'critical' ? 600 : 500} c={entry.tone === 'critical' ? 'red.8' : undefined}>
          {entry.title}
          {ongoing && entry.kind !== 'outage' && (
            <Text span size="xs" c="dimmed">
              {' '}
              (ongoing)
            </Text>
          )}
        </Text>
        {entry.detail !== null && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {entry.detail}
          </Text>
        )}
      </Stack>
      {entry.auditId !== null && (
        <Anchor href={href(`/audit/${entry.auditId}`)} size="xs" style={{ whiteSpace: 'nowrap' }} data-tap>
          audit
        </Anchor>
      )}
    </Group>
  );
}

/**
 * The service's events, newest first, one line each: a restart is one entry (not paused →
 * unknown → pending → up), an outage says how long and why, in red.
 */
export function ServiceTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const [all, setAll] = useState(false);
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing has happened to it yet. Starts, stops, restarts, outages and paused checks are listed here, one line each, and drawn on the charts.
      </Text>
    );
  }
  return (
    <Paper withBorder radius="sm" data-testid="service-timeline">
      <Stack gap={0}>
        {(all ? entries : entries.slice(0, SHOWN)).map((entry) => (
          <Entry key={`${entry.kind}-${entry.at}-${entry.auditId ?? ''}`} entry={entry} />
        ))}
      </Stack>
      {entries.length > SHOWN && (
        <Button variant="subtle" size="xs" m={4} onClick={() => setAll((value) => !value)}>
          {all ? `Show the newest ${SHOWN}` : `Show all ${entries.length}`}
        </Button>
      )}
    </Paper>
  );
}
