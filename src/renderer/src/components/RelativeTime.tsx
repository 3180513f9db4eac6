import { Text, Tooltip, type TextProps } from '@mantine/core';
import { formatAbsoluteTime, formatRelativeTime } from '../format/time';
import { useNow } from '../stores/clock-store';

/**
 * "3 min ago", with 2026-11-22 14:03:12 on hover. A time slightly ahead of this clock (another
 * machine's, or a tick not yet seen) reads "just now" rather than "in 2 s" — unless `future`
 * says the time is meant to be ahead ("ends in 1 h").
 */
export function RelativeTime({ at, future = false, ...textProps }: { at: number; future?: boolean } & TextProps) {
  const now = useNow();
  const absolute = formatAbsoluteTime(at);
  return (
    <Tooltip label={absolute}>
      <Text component="time" dateTime={new Date(at).toISOString()} span {...textProps}>
        {formatRelativeTime(at, future ? now : Math.max(now, at))}
      </Text>
    </Tooltip>
  );
}
