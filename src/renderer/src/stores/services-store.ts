import { create } from 'zustand';
import type { ServiceView } from '../../../shared/types/service';
import { loading, type LoadState } from './load-state';

interface ServicesState {
  services: ServiceView[];
  load: LoadState;
}

export const useServicesStore = create<ServicesState>()(() => ({ services: [], load: loading }));

export function setServices(services: ServiceView[]): void {
  useServicesStore.setState({ services, load: { status: 'ready' } });
}
