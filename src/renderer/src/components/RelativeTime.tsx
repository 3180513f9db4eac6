import { Text, Tooltip, type TextProps } from '@mantine/core';
import { formatAbsoluteTime, formatRelativeTime } from '../format/time';
import { useNow } from '../stores/clock-store';

/**
 * "3 min ago", with 2026-11-22 14:03:12 on hover. A time slightly ahead of this clock (another
 * machine's, or a tick not yet seen) reads "just now" rather than "in 2 s".
 */
export function RelativeTime({ at, ...textProps }: { at: number } & TextProps) {
  const now = useNow();
  const absolute = formatAbsoluteTime(at);
  return (
    <Tooltip label={absolute}>
      <Text component="time" dateTime={new Date(at).toISOString()} span {...textProps}>
        {formatRelativeTime(at, Math.max(now, at))}
      </Text>
    </Tooltip>
  );
}
