import { Badge, Tooltip, UnstyledButton } from '@mantine/core';
import { IconPhoneCall } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { OnCallNowView } from '../../../shared/types/oncall';
import { useBridge } from '../bridge/use-bridge';
import { PHONE_BREAKPOINT } from '../components/use-phone';
import { formatAbsoluteTime } from '../format/time';

/** Hand-offs happen with time passing, not only with events: read again this often. */
const REFRESH_MS = 60_000;

function line(view: OnCallNowView): string {
  if (view.person === null)
    return `${view.schedule}: nobody on call${view.next !== null ? ` (next: ${view.next.person} at ${formatAbsoluteTime(view.next.start)})` : ''}`;
  return `${view.schedule}: ${view.person}${view.source === 'override' ? ' (override)' : ''}${view.until !== null ? ` until ${formatAbsoluteTime(view.until)}` : ''}`;
}

/**
 * Who is on call now, small, in the header (the first schedule's person; every schedule on
 * hover); opens the On-call page. Absent when the workspace has no schedules.
 */
export function OnCallNow({ onOpen }: { onOpen: () => void }) {
  const bridge = useBridge();
  const [views, setViews] = useState<OnCallNowView[]>([]);
  useEffect(() => {
    let alive = true;
    const read = (): void =>
      void bridge.invoke('oncall.now').then(
        (next) => alive && setViews(next),
        // Not worth a toast in the header: the On-call page says what is wrong.
        () => alive && setViews([]),
      );
    read();
    const timer = setInterval(read, REFRESH_MS);
    const unsubscribe = bridge.subscribe('workspace.changed', read);
    return () => {
      alive = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [bridge]);
  const first = views[0];
  if (first === undefined) return null;
  const more = views.length > 1 ? ` +${views.length - 1}` : '';
  return (
    <Tooltip label={views.map(line).join(' · ')} multiline maw={420}>
      <UnstyledButton onClick={onOpen} aria-label={`On call: ${views.map(line).join('; ')}`} visibleFrom={PHONE_BREAKPOINT}>
        <Badge
          size="sm"
          variant="default"
          tt="none"
          fw={500}
          leftSection={<IconPhoneCall size={12} stroke={1.8} />}
          data-testid="oncall-now"
          style={{ flex: 'none' }}
        >
          {first.person ?? 'nobody'}
          {more}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  );
}
