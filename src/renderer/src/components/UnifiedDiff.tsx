import { Box, Text } from '@mantine/core';
import { useMemo } from 'react';
import { isEmptyDiff, parseUnifiedDiff } from '../format/unified-diff';
import classes from './UnifiedDiff.module.css';

/** A unified diff with added lines green, removed lines red and hunk headers dimmed. */
export function UnifiedDiff({ diff }: { diff: string }) {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  if (isEmptyDiff(lines)) {
    return (
      <Text size="sm" c="dimmed">
        The two versions have the same text.
      </Text>
    );
  }
  return (
    <Box component="pre" className={classes.diff} data-testid="workspace-diff">
      {lines.map((line, index) => (
        <span key={index} className={classes[line.kind]}>
          {line.text === '' ? ' ' : line.text}
          {'\n'}
        </span>
      ))}
    </Box>
  );
}
