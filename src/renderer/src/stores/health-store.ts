import { create } from 'zustand';
import type { HealthSummary } from '../../../shared/types/app';

interface HealthState {
  health: HealthSummary | null;
}

export const useHealthStore = create<HealthState>()(() => ({ health: null }));

export function setHealth(health: HealthSummary): void {
  useHealthStore.setState({ health });
}
