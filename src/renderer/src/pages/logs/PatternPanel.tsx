import { Anchor, Badge, Box, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LogPatternView } from '../../../../shared/types/logs';
import { useBridge } from '../../bridge/use-bridge';
import { levelColor } from '../../format/log-level';
import { formatAbsoluteTime, formatRelativeTime } from '../../format/time';
import { useNow } from '../../stores/clock-store';
import { useLogsStore } from '../../stores/logs-store';
import { openLogsRoute } from './logs-route';

const REFRESH_MS = 10_000;

/**
 * The patterns mined from the lines: the busiest, or the ones new in the last hour (first seen
 * less than an hour ago, by the engine's clock). Clicking one filters the viewer to it; "latest"
 * opens the lines around its newest line.
 */
export function PatternPanel({ service, onPick }: { service: string | null; onPick: (pattern: LogPatternView) => void }) {
  const bridge = useBridge();
  const now = useNow();
  const discovered = useLogsStore((state) => state.discovered);
  const [sort, setSort] = useState<'count' | 'new'>('count');
  const [patterns, setPatterns] = useState<LogPatternView[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      bridge
        .invoke('logs.patterns', { limit: sort === 'new' ? 200 : 50, sort, ...(service === null ? {} : { service }) })
        .then((result) => {
          if (!cancelled) setPatterns(sort === 'new' ? result.filter((pattern) => pattern.new) : result);
        })
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
    // A newly discovered pattern reloads the list; whether one is new is the engine's to say.
  }, [bridge, sort, service, discovered.length]);

  const openLatest = (pattern: LogPatternView): void => {
    const query = `pattern:${pattern.id}`;
    void bridge.invoke('logs.search', { query, limit: 1 }).then(
      (result) => {
        const newest = result.lines[0];
        if (newest !== undefined) openLogsRoute({ query, anchor: { id: newest.id }, scope: 'all', range: null });
      },
      () => undefined,
    );
  };

  return (
    <Paper withBorder p="xs" h="100%" data-testid="pattern-panel">
      <Stack gap={6} h="100%">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            Patterns
          </Text>
          <SegmentedControl
            size="xs"
            value={sort}
            onChange={(value) => setSort(value === 'new' ? 'new' : 'count')}
            data={[
              { value: 'count', label: 'Top' },
              { value: 'new', label: 'New in the last hour' },
            ]}
          />
        </Group>
        <ScrollArea style={{ flex: 1 }} type="auto">
          {patterns !== null && patterns.length === 0 && (
            <Text size="xs" c="dimmed">
              {sort === 'new'
                ? 'No pattern was first seen in the last hour.'
                : 'Lines are grouped into patterns as they arrive: the same message with other numbers, ids or names is one pattern.'}
            </Text>
          )}
          <Stack gap={2}>
            {(patterns ?? []).map((pattern) => (
              <Box key={pattern.id} p={4} style={{ borderRadius: 4 }} className="pattern-row" data-testid={`pattern-${pattern.id}`}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <Tooltip
                    label={`${pattern.count.toLocaleString('en-US')} ${pattern.level} lines since ${formatAbsoluteTime(pattern.firstSeen)} (the store may have removed the oldest)`}
                  >
                    <Badge size="xs" variant="dot" color={levelColor[pattern.level]} miw={56}>
                      {pattern.count.toLocaleString('en-US')}
                    </Badge>
                  </Tooltip>
                  <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                    <UnstyledButton onClick={() => onPick(pattern)} title="Show its lines">
                      <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                        {pattern.template === '' ? '(empty)' : pattern.template}
                      </Text>
                    </UnstyledButton>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c="dimmed">
                        {pattern.service}
                      </Text>
                      <Tooltip label={`first seen ${formatAbsoluteTime(pattern.firstSeen)}`}>
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          last {formatRelativeTime(pattern.lastSeen, Math.max(now, pattern.lastSeen))}
                        </Text>
                      </Tooltip>
                      {pattern.new && (
                        <Tooltip label={`New in the last hour: first seen ${formatRelativeTime(pattern.firstSeen, Math.max(now, pattern.firstSeen))}`}>
                          <Badge
                            size="xs"
                            color={pattern.level === 'error' || pattern.level === 'fatal' ? 'red' : 'indigo'}
                            variant="light"
                            style={{ flex: 'none' }}
                          >
                            new
                          </Badge>
                        </Tooltip>
                      )}
                      <Tooltip label="Open its newest line among the lines around it">
                        <Anchor
                          component="button"
                          size="xs"
                          ml="auto"
                          style={{ whiteSpace: 'nowrap' }}
                          onClick={() => openLatest(pattern)}
                          data-testid={`pattern-latest-${pattern.id}`}
                        >
                          latest ›
                        </Anchor>
                      </Tooltip>
                    </Group>
                  </Stack>
                </Group>
              </Box>
            ))}
          </Stack>
        </ScrollArea>
      </Stack>
    </Paper>
  );
}
