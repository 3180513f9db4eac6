import { useEffect, useState } from 'react';
import type { PluginView } from '../../../../shared/types/plugins';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

/** Installed plugins, kept live by `plugins.changed` (a crash and a restart show without a reload). */
export function usePlugins(): { plugins: PluginView[] | null; error: string | null } {
  const bridge = useBridge();
  const [plugins, setPlugins] = useState<PluginView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // The event carries the whole list: an event that lands before the first answer wins.
    let heard = false;
    const stop = bridge.subscribe('plugins.changed', (views) => {
      heard = true;
      setPlugins(views);
      setError(null);
    });
    bridge.invoke('plugins.list').then(
      (views) => {
        if (live && !heard) setPlugins(views);
      },
      (caught: unknown) => {
        if (live) setError(messageOf(caught));
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, [bridge]);
  return { plugins, error };
}
