import type { NotifyModule } from '../notify/notify-module';
import type { RulesModule } from '../rules/rules-module';
import type { FleetAlerting } from './fleet-module';

/** The fleet's door to alerting: the alerts and rules agents and Alertmanagers are told of, transitions as they happen, silences to publish. */
export function fleetAlerting(rules: RulesModule, notify: NotifyModule): FleetAlerting {
  return {
    alertViews: () => notify.alertViews(),
    ruleViews: () => rules.ruleViews(),
    consoleUrl: () => notify.consoleUrl(),
    publishSilences: () => notify.publishSilences(),
    onTransition: (listener) => rules.onTransition(listener),
  };
}
