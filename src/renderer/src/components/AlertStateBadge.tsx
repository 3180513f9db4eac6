import { Badge, Tooltip } from '@mantine/core';
import type { AlertLook } from '../format/alert-look';
import { toneColor } from '../format/service-status';

/** A state as a word and a colour, its meaning on hover. */
export function StateBadge({ look, testId }: { look: AlertLook; testId?: string }) {
  return (
    <Tooltip label={look.meaning}>
      <Badge
        color={toneColor[look.tone]}
        variant={look.tone === 'neutral' ? 'outline' : look.tone === 'critical' ? 'filled' : 'light'}
        size="sm"
        miw={72}
        data-testid={testId}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}
