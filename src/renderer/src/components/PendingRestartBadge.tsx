import { Badge, Tooltip } from '@mantine/core';
import type { ServiceView } from '../../../shared/types/service';

/**
 * "restart to apply": the service's start settings were edited while it runs, and its process
 * still has the old ones. The tooltip lists what changed; a restart applies them and clears it.
 */
export function PendingRestartBadge({ service, size = 'xs' }: { service: ServiceView; size?: 'xs' | 'sm' | 'md' }) {
  if (service.pendingRestart === null) return null;
  const fields = service.pendingRestart.fields;
  return (
    <Tooltip
      label={`Edited since it started: ${fields.join(', ')}. The running process still has the old settings; a restart applies them.`}
      multiline
      maw={360}
    >
      <Badge
        size={size}
        variant="light"
        color="yellow"
        tt="none"
        style={{ flexShrink: 0 }}
        data-testid={`pending-restart-${service.name}`}
        data-fields={fields.join(',')}
      >
        restart to apply
      </Badge>
    </Tooltip>
  );
}
