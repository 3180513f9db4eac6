import { create } from 'zustand';
import type { ServiceMonitoring } from '../../../shared/types/monitoring';
import type { Bridge } from '../../../shared/bridge';

interface MonitoringState {
  /** Availability and the latency sparkline per service, refreshed while a page shows them. */
  byService: Record<string, ServiceMonitoring>;
  fetchedAt: number | null;
}

export const useMonitoringStore = create<MonitoringState>()(() => ({ byService: {}, fetchedAt: null }));

/** Availability changes slowly: a page showing it refreshes it every minute, not per check. */
export const MONITORING_REFRESH_MS = 60_000;

export async function refreshMonitoring(bridge: Bridge): Promise<void> {
  const services = await bridge.invoke('monitoring.services');
  useMonitoringStore.setState({ byService: Object.fromEntries(services.map((service) => [service.name, service])), fetchedAt: Date.now() });
}
