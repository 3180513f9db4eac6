import { Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Can } from './use-can';

/**
 * Says on hover why a button is disabled for this person ("Restart api: needs operator"), for
 * buttons that have no tooltip of their own; when allowed it adds nothing.
 */
export function DeniedTooltip({ can, what, children }: { can: Can; what: string; children: ReactElement }) {
  return (
    <Tooltip label={`${what}: ${can.reason ?? ''}`} disabled={can.allowed}>
      {children}
    </Tooltip>
  );
}
