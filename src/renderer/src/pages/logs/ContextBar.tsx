import { ActionIcon, Anchor, Button, CopyButton, Group, Paper, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowLeft, IconArrowUp, IconCheck, IconLink } from '@tabler/icons-react';
import type { LogLine } from '../../../../shared/types/logs';
import { formatAbsoluteTime } from '../../format/time';
import type { ContextScope } from './logs-route';

export interface ContextBarProps {
  anchor: LogLine | null;
  scope: ContextScope;
  /** The search to go back to (its link). */
  backHref: string;
  onScope: (scope: ContextScope) => void;
}

/**
 * Above the viewer while it shows the lines around one line: which line, whose lines (all
 * services or the anchor's), the way back to the search, and a link to share.
 */
export function ContextBar({ anchor, scope, backHref, onScope }: ContextBarProps) {
  return (
    <Paper withBorder px="xs" py={4} mb="xs" data-testid="log-context-bar">
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Group gap="xs" wrap="wrap" style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Button component="a" href={backHref} size="compact-xs" variant="subtle" leftSection={<IconArrowLeft size={14} />} data-testid="log-context-back">
            Back to search
          </Button>
          <Text size="xs" style={{ minWidth: 0 }}>
            {anchor === null ? (
              'Lines around a line'
            ) : (
              <>
                Lines around{' '}
                <Text span fw={600} size="xs">
                  {formatAbsoluteTime(anchor.ts)}
                </Text>{' '}
                in{' '}
                <Text span fw={600} size="xs">
                  {anchor.service}
                </Text>
                , in time order
              </>
            )}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap" style={{ maxWidth: '100%' }}>
          <SegmentedControl
            style={{ minWidth: 0, overflowX: 'auto' }}
            size="xs"
            value={scope}
            onChange={(value) => onScope(value === 'service' ? 'service' : 'all')}
            data={[
              { value: 'all', label: 'All services' },
              { value: 'service', label: anchor === null ? 'This service' : `Only ${anchor.service}` },
            ]}
            aria-label="Whose lines"
            data-testid="log-context-scope"
          />
          <CopyButton value={window.location.href}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Link copied' : 'Copy a link to these lines'}>
                <ActionIcon size="sm" variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label="Copy a link to these lines">
                  {copied ? <IconCheck size={14} /> : <IconLink size={14} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Group>
    </Paper>
  );
}

/** One end of the context: more lines that way (a button), or the end of what is stored. */
export function ContextEdge({ side, more, onMore }: { side: 'before' | 'after'; more: boolean; onMore: () => void }) {
  const Icon = side === 'before' ? IconArrowUp : IconArrowDown;
  return (
    <Group justify="center" h={22} data-testid={`log-context-${side}`}>
      {more ? (
        <Anchor component="button" size="xs" onClick={onMore}>
          <Group gap={4} wrap="nowrap">
            <Icon size={12} />
            {side === 'before' ? 'more above' : 'more below'}
          </Group>
        </Anchor>
      ) : (
        <Text size="xs" c="dimmed">
          {side === 'before' ? 'nothing earlier is stored' : 'nothing later is stored'}
        </Text>
      )}
    </Group>
  );
}
