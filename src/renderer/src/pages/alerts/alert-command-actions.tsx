import type { SpotlightActionData, SpotlightActionGroupData } from '@mantine/spotlight';
import { IconBellOff, IconCheck } from '@tabler/icons-react';
import type { AlertView } from '../../../../shared/types/alerts';
import type { RendererBridge } from '../../bridge/renderer-bridge';
import { extraLabels } from '../../format/alert-look';
import { acknowledge, quickSilence } from './alert-actions';

/** Palette actions for firing alerts: "silence ApiDown 1h", "acknowledge ApiDown". */
export function alertCommandGroups(alerts: readonly AlertView[], bridge: RendererBridge): SpotlightActionGroupData[] {
  const firing = alerts.filter((alert) => alert.state === 'firing' && alert.silencedBy.length === 0);
  if (firing.length === 0) return [];
  const actions: SpotlightActionData[] = firing.flatMap((alert) => {
    const labels = extraLabels(alert)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    const keywords = [alert.alertname, ...Object.values(alert.labels), 'alert', 'firing'];
    const out: SpotlightActionData[] = [
      {
        id: `silence:${alert.fingerprint}`,
        label: `Silence ${alert.alertname} 1h`,
        description: labels,
        keywords: [...keywords, 'silence', 'mute'],
        leftSection: <IconBellOff size={18} stroke={1.5} />,
        onClick: () => void quickSilence(bridge, alert, '1h'),
      },
    ];
    if (alert.ack === null) {
      out.push({
        id: `ack:${alert.fingerprint}`,
        label: `Acknowledge ${alert.alertname}`,
        description: labels,
        keywords: [...keywords, 'ack', 'acknowledge'],
        leftSection: <IconCheck size={18} stroke={1.5} />,
        onClick: () => void acknowledge(bridge, alert),
      });
    }
    return out;
  });
  return [{ group: 'Firing alerts', actions }];
}
