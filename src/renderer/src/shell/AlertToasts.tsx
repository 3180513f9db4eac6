import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useBridge } from '../bridge/use-bridge';
import { toneColor } from '../format/service-status';
import { useConnectionStore } from '../stores/connection-store';

const colorOf = { critical: toneColor.critical, warning: toneColor.warning, info: toneColor.neutral, resolved: toneColor.ok } as const;

/**
 * The desktop channel in the web console: each notice as a toast. In the desktop app the
 * Electron shell shows it natively instead, so no toast there.
 */
export function AlertToasts() {
  const bridge = useBridge();
  const kind = useConnectionStore((state) => state.kind);
  useEffect(() => {
    if (kind !== 'web') return;
    return bridge.subscribe('notification.desktop', (notice) => {
      notifications.show({
        id: notice.key,
        color: colorOf[notice.severity],
        title: notice.title,
        message: notice.body,
        autoClose: notice.severity === 'critical' ? false : 10_000,
        withBorder: true,
      });
    });
  }, [bridge, kind]);
  return null;
}
