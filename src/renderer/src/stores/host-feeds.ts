import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { LOCAL_HOST } from '../../../shared/fleet-hosts';
import { agentBridge } from '../bridge/agent-bridge';
import type { RendererBridge } from '../bridge/renderer-bridge';
import { useAlertsStore } from './alerts-store';
import { useAppInfoStore } from './app-info-store';
import { useAuditStore } from './audit-store';
import { feedStores } from './feed-stores';
import { useHeartbeatsStore } from './heartbeats-store';
import { useIncidentsStore } from './incidents-store';
import { useInsightsStore } from './insights-store';
import { useLogsStore } from './logs-store';
import { useMonitoringStore } from './monitoring-store';
import { useOperationsStore } from './operations-store';
import { useProbesStore } from './probes-store';
import { useServicesStore } from './services-store';
import { useSessionsStore } from './sessions-store';
import { useSettingsStore } from './settings-store';
import { useWorkspaceStore } from './workspace-store';

/**
 * What one host says: emptied when the pages turn to another host, so nothing of the last one shows
 * as this one's. The health store is not among them: the header's health is always this console's.
 */
const HOST_STORES: UseBoundStore<StoreApi<object>>[] = [
  useAlertsStore,
  useAppInfoStore,
  useAuditStore,
  useHeartbeatsStore,
  useIncidentsStore,
  useInsightsStore,
  useLogsStore,
  useMonitoringStore,
  useOperationsStore,
  useProbesStore,
  useServicesStore,
  useSessionsStore,
  useSettingsStore,
  useWorkspaceStore,
];

let shown: { host: string; bridge: RendererBridge; stop: () => void } | null = null;

/** The host the stores show now and the Bridge its pages send their commands through (null before the first feed). */
export const useShownHost = create<{ host: string; bridge: RendererBridge | null }>()(() => ({ host: LOCAL_HOST, bridge: null }));

/**
 * Points the stores at a host: this console ("local") or one of its agents. The stores are fed
 * from one host at a time; turning to another empties them first and feeds them from it. Returns
 * the Bridge the pages of that host send their commands through.
 */
export function feedHost(consoleBridge: RendererBridge, host: string): RendererBridge {
  if (shown !== null && shown.host === host) return shown.bridge;
  shown?.stop();
  if (shown !== null) for (const store of HOST_STORES) store.setState(store.getInitialState(), true);
  const agent = host === LOCAL_HOST ? null : agentBridge(consoleBridge, host);
  const bridge = agent ?? consoleBridge;
  const feeds = feedStores(bridge, consoleBridge);
  shown = {
    host,
    bridge,
    stop: () => {
      feeds.stop();
      agent?.close();
    },
  };
  useShownHost.setState({ host, bridge });
  return bridge;
}

/** The host the stores show now. */
export function hostShown(): string {
  return useShownHost.getState().host;
}
