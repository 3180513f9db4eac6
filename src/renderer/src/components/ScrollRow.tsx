import { Box, type BoxProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A row of controls (a segmented filter, a time-range picker) that scrolls within itself where the
 * screen is too narrow for it, rather than the page sideways.
 */
export function ScrollRow({ children, ...props }: BoxProps & { children: ReactNode }) {
  return (
    <Box maw="100%" style={{ overflowX: 'auto', overflowY: 'hidden', overscrollBehaviorX: 'contain' }} {...props}>
      {children}
    </Box>
  );
}
