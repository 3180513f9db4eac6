import { Badge, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LogPatternView } from '../../../../shared/types/logs';
import { useBridge } from '../../bridge/use-bridge';
import { levelColor } from '../../format/log-level';
import { formatAbsoluteTime, formatRelativeTime } from '../../format/time';
import { useNow } from '../../stores/clock-store';
import { useLogsStore } from '../../stores/logs-store';

const NEW_WITHIN_MS = 3_600_000;
const REFRESH_MS = 10_000;

/**
 * The patterns mined from the lines: the busiest, or the newest. A pattern first seen in the last
 * hour (or while this page is open) is flagged new; clicking one filters the viewer to it.
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
        .invoke('logs.patterns', { limit: 50, sort, ...(service === null ? {} : { service }) })
        .then((result) => {
          if (!cancelled) setPatterns(result);
        })
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [bridge, sort, service, discovered.length]);

  return (
    <Paper withBorder p="xs" h="100%" data-testid="pattern-panel">
      <Stack gap={6} h="100%">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            Patterns
          </Text>
          <SegmentedControl size="xs" value={sort} onChange={(value) => setSort(value === 'new' ? 'new' : 'count')} data={[{ value: 'count', label: 'Top' }, { value: 'new', label: 'New' }]} />
        </Group>
        <ScrollArea style={{ flex: 1 }} type="auto">
          {patterns !== null && patterns.length === 0 && (
            <Text size="xs" c="dimmed">
              Lines are grouped into patterns as they arrive: the same message with other numbers, ids or names is one pattern.
            </Text>
          )}
          <Stack gap={2}>
            {(patterns ?? []).map((pattern) => {
              const isNew = discovered.includes(pattern.id) || now - pattern.firstSeen < NEW_WITHIN_MS;
              return (
                <UnstyledButton key={pattern.id} onClick={() => onPick(pattern)} p={4} style={{ borderRadius: 4 }} className="pattern-row" data-testid={`pattern-${pattern.id}`}>
                  <Group gap={6} wrap="nowrap" align="flex-start">
                    <Tooltip label={`${pattern.level} — most severe level seen`}>
                      <Badge size="xs" variant="dot" color={levelColor[pattern.level]} miw={56}>
                        {pattern.count.toLocaleString('en-US')}
                      </Badge>
                    </Tooltip>
                    <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                      <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                        {pattern.template === '' ? '(empty)' : pattern.template}
                      </Text>
                      <Group gap={6}>
                        <Text size="xs" c="dimmed">
                          {pattern.service}
                        </Text>
                        <Tooltip label={`first seen ${formatAbsoluteTime(pattern.firstSeen)}`}>
                          <Text size="xs" c="dimmed">
                            last {formatRelativeTime(pattern.lastSeen, Math.max(now, pattern.lastSeen))}
                          </Text>
                        </Tooltip>
                        {isNew && (
                          <Badge size="xs" color={pattern.level === 'error' || pattern.level === 'fatal' ? 'red' : 'indigo'} variant="light">
                            new
                          </Badge>
                        )}
                      </Group>
                    </Stack>
                  </Group>
                </UnstyledButton>
              );
            })}
          </Stack>
        </ScrollArea>
      </Stack>
    </Paper>
  );
}
