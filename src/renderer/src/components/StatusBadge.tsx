import { Badge, Tooltip } from '@mantine/core';
import type { ServiceStatus } from '../../../shared/types/service';
import { statusLook, toneColor, type StatusLook } from '../format/service-status';

/** A state as a word and a colour (never colour alone), its meaning on hover. */
export function ToneBadge({ look, size = 'sm' }: { look: StatusLook; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Tooltip label={look.meaning}>
      <Badge color={toneColor[look.tone]} variant={look.tone === 'neutral' ? 'outline' : 'light'} size={size} miw={64}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

/** A service's status badge; a waiting one's tooltip names what it waits for. */
export function StatusBadge({ status, waitingFor, size = 'sm' }: { status: ServiceStatus; waitingFor?: readonly string[]; size?: 'xs' | 'sm' | 'md' }) {
  return <ToneBadge look={statusLook(status, waitingFor)} size={size} />;
}
