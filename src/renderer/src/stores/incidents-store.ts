import { create } from 'zustand';
import type { IncidentView } from '../../../shared/types/incidents';
import { loading, type LoadState } from './load-state';

/** Incidents with their ranked causes, newest first, as the engine last published them. */
interface IncidentsState {
  incidents: IncidentView[];
  load: LoadState;
}

export const useIncidentsStore = create<IncidentsState>()(() => ({ incidents: [], load: loading }));

export function setIncidents(incidents: IncidentView[]): void {
  useIncidentsStore.setState({ incidents, load: { status: 'ready' } });
}

/** One incident as a command returned it (a confirmation): replaced in place, or put first when new. */
export function upsertIncident(incident: IncidentView): void {
  const { incidents } = useIncidentsStore.getState();
  const at = incidents.findIndex((candidate) => candidate.id === incident.id);
  setIncidents(at === -1 ? [incident, ...incidents] : incidents.map((candidate) => (candidate.id === incident.id ? incident : candidate)));
}
