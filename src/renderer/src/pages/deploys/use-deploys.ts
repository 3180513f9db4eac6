import { useCallback, useEffect, useState } from 'react';
import type { DeployTargetView, DeployView } from '../../../../shared/types/deploys';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { mergeDeploys } from './deploy-progress';

const HISTORY_LIMIT = 100;

/**
 * Deploys across services, newest first, and the services that have deploy:. A running deploy
 * advances from its `deploys.changed` events (each carries the whole view: stages, log); the
 * targets are read again on each, so the running commit and the releases follow.
 */
export function useDeploys() {
  const bridge = useBridge();
  const [deploys, setDeploys] = useState<DeployView[]>([]);
  const [targets, setTargets] = useState<DeployTargetView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const show = useCallback((views: readonly DeployView[]) => setDeploys((current) => mergeDeploys(current, views)), []);
  const fail = useCallback((failure: unknown) => setError(messageOf(failure)), []);

  useEffect(() => {
    // The empty state waits for both answers, so it never flashes before the deploys arrive.
    Promise.all([bridge.invoke('deploys.list', { limit: HISTORY_LIMIT }).then(show), bridge.invoke('deploys.targets').then(setTargets)]).then(
      () => setLoaded(true),
      fail,
    );
  }, [bridge, show, fail]);

  useEffect(
    () =>
      bridge.subscribe('deploys.changed', (view) => {
        show([view]);
        bridge.invoke('deploys.targets').then(setTargets, fail);
      }),
    [bridge, show, fail],
  );

  return { deploys, targets, loaded, error, setError, show };
}
