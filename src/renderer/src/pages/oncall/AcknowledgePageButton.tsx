import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { EscalationView } from '../../../../shared/types/oncall';
import { deniedProps, guard, useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

/** Whether a page can still be acknowledged: one escalating, or one that ran out of levels with nobody acknowledging. */
export function acknowledgeable(view: EscalationView): boolean {
  return view.acknowledgedBy === null && (view.state === 'pending' || view.state === 'exhausted');
}

/**
 * Acknowledges a page (oncall.acknowledge): its escalation stops and the group's firing alerts are
 * acknowledged in the person's name. A viewer sees it disabled, with the reason on hover.
 */
export function AcknowledgePageButton({ view }: { view: EscalationView }) {
  const bridge = useBridge();
  const can = useCan('oncall.acknowledge');
  const [busy, setBusy] = useState(false);
  const hint =
    view.state === 'pending'
      ? 'Acknowledge the page: no further level is paged, and its alerts are acknowledged in your name'
      : 'Acknowledge it, late: its alerts are acknowledged in your name (no more reminders)';
  const acknowledge = async (): Promise<void> => {
    setBusy(true);
    try {
      await bridge.invoke('oncall.acknowledge', { id: view.id, comment: '' });
      notifications.show({
        color: 'green',
        title: `${view.title} acknowledged`,
        message: view.state === 'pending' ? `Escalation #${view.id} stopped: nobody else is paged.` : `Escalation #${view.id} acknowledged.`,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: `Could not acknowledge escalation #${view.id}`, message: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip label={can.allowed ? hint : `${hint}: ${can.reason ?? ''}`} multiline maw={320}>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconCheck size={14} />}
        aria-label={`Acknowledge escalation #${view.id}: ${view.title}`}
        loading={busy}
        {...deniedProps(can)}
        onClick={guard(can, () => void acknowledge())}
        data-thumb
        data-testid="oncall-ack"
      >
        Acknowledge
      </Button>
    </Tooltip>
  );
}
