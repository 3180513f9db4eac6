import { create } from 'zustand';
import type { AlertView, RuleView, SilenceView } from '../../../shared/types/alerts';
import { loading, type LoadState } from './load-state';

interface AlertsState {
  alerts: AlertView[];
  load: LoadState;
  silences: SilenceView[];
  silencesLoad: LoadState;
  rules: RuleView[];
  rulesLoad: LoadState;
}

/** Alerts, silences and rules as the engine last published them. */
export const useAlertsStore = create<AlertsState>()(() => ({ alerts: [], load: loading, silences: [], silencesLoad: loading, rules: [], rulesLoad: loading }));

export function setAlerts(alerts: AlertView[]): void {
  useAlertsStore.setState({ alerts, load: { status: 'ready' } });
}

export function setSilences(silences: SilenceView[]): void {
  useAlertsStore.setState({ silences, silencesLoad: { status: 'ready' } });
}

export function setRules(rules: RuleView[]): void {
  useAlertsStore.setState({ rules, rulesLoad: { status: 'ready' } });
}
