import { Badge, Tooltip } from '@mantine/core';
import type { ServiceStatus } from '../../../shared/types/service';
import { statusLook, toneColor } from '../format/service-status';

/** A service's status: a word and a colour (never colour alone), its meaning on hover. */
export function StatusBadge({ status, size = 'sm' }: { status: ServiceStatus; size?: 'xs' | 'sm' | 'md' }) {
  const look = statusLook(status);
  return (
    <Tooltip label={look.meaning}>
      <Badge color={toneColor[look.tone]} variant={look.tone === 'neutral' ? 'outline' : 'light'} size={size} miw={64}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
