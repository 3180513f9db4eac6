import { Text, Tooltip, type TextProps } from '@mantine/core';
import { formatSpan } from '../format/duration';
import { formatAbsoluteTime } from '../format/time';
import { useSecondClock } from '../stores/second-clock';

/** How long since `since`, ticking every second ("< 1 s", "42 s", "3 min 5 s"); the start time on hover. */
export function Uptime({ since, ...textProps }: { since: number } & TextProps & { 'data-testid'?: string }) {
  const now = useSecondClock();
  const span = Math.max(0, now - since);
  return (
    <Tooltip label={`since ${formatAbsoluteTime(since)}`}>
      <Text span {...textProps}>
        {span < 1_000 ? '< 1 s' : formatSpan(span)}
      </Text>
    </Tooltip>
  );
}
