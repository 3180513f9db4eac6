import { Anchor, Box, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LogLine } from '../../../../shared/types/logs';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { formatAbsoluteTime } from '../../format/time';
import { useShownHost } from '../../stores/host-feeds';
import { contextPath } from '../logs/logs-route';

const SHOWN = 8;

/**
 * The log lines a cause rests on: the service's warnings and errors from the incident's window
 * (its latest lines when it wrote none), each opening its context on the Logs page.
 */
export function EvidenceLogLines({ service, query, start, end }: { service: string; query: string | null; start: number; end: number }) {
  const bridge = useBridge();
  // Lines of the host whose incident it is: their ids are that host's, so their context is read there.
  const host = useShownHost((state) => state.host);
  const [lines, setLines] = useState<LogLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    const base = [`service:${service}`, query ?? ''].join(' ').trim();
    const search = async (text: string): Promise<LogLine[]> =>
      (await bridge.invoke('logs.search', { query: text, start, end, limit: SHOWN, context: 0 })).lines;
    search(`${base} level:warn+`)
      .then(async (found) => (found.length > 0 ? found : search(base)))
      .then(
        (found) => {
          if (!stale) setLines(found);
        },
        (failure: unknown) => {
          if (!stale) setError(messageOf(failure));
        },
      );
    return () => {
      stale = true;
    };
  }, [bridge, service, query, start, end]);
  if (error !== null)
    return (
      <Text size="xs" c="red">
        {error}
      </Text>
    );
  if (lines === null) return null;
  if (lines.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {service} wrote no log lines in the incident&apos;s window.
      </Text>
    );
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="evidence-log-lines">
      {[...lines].reverse().map((line) => (
        <Box component="li" key={line.id} ff="monospace" fz="xs" style={{ overflowWrap: 'anywhere' }}>
          <Anchor href={`#${contextPath(line.id, '', 'all', null, host === LOCAL_HOST ? null : host)}`} fz="xs" c="dimmed" mr={6} title="The lines around it">
            {formatAbsoluteTime(line.ts).slice(11)}
          </Anchor>
          <Text span fz="xs" c={line.level === 'error' || line.level === 'fatal' ? 'red' : line.level === 'warn' ? 'yellow.8' : undefined}>
            {line.text.split('\n')[0]}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
