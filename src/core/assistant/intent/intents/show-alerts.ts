import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { ClausePlan, IntentDefinition } from './intent';
import { listedService, listingPlan } from './listed-service';

/** Words for being paged, not alerts as things to list ("open the api page" is a web page). */
const PAGER_WORDS = new Set(['page', 'pages', 'paging', 'pager', 'notify', 'notifying', 'notification', 'notifications']);

/**
 * "list the alerts that are firing", "any alerts on postgres?", "有什么告警": the alerts, as
 * `alerts.list` (the palette opens the Alerts page; `zervigo ask` prints them). A noun alone, so
 * every verb about alerts (silence, acknowledge, test, explain) outscores it.
 */
export const showAlertsIntent: IntentDefinition = {
  name: 'alerts',
  triggers: [],
  words: [['alert-state:firing', ['firing', 'active', 'ringing', 'going off', '正在报', '在报', '未恢复']]],
  score(clause) {
    // Every keystroke scores every intent: the cheap test first.
    if (!clause.hasAny('alert', 'symptom:firing')) return 0;
    // Any verb ("alert me if db stops", "what triggered the alert") is not a request to list them.
    if (clause.rules().named.length > 0 || clause.has('log') || clause.has('condition') || clause.allWithPrefix('verb:').length > 0) return 0;
    // "what is firing", "什么在报": the state alone says alerts.
    const alertNoun = clause.words.some((word) => word.concepts.has('alert') && !PAGER_WORDS.has(word.known ?? ''));
    return alertNoun || (clause.has('symptom:firing') && clause.serviceTargets().names.length === 0) ? 5 : 0;
  },
  plan(clause): ClausePlan {
    const listed = listedService(clause, 'Alerts');
    if ('plan' in listed) return listed.plan;
    const { service } = listed;
    const command: AssistantCommand = {
      command: 'alerts.list',
      input: { state: clause.hasAny('alert-state:firing', 'symptom:firing') ? 'firing' : 'all', ...(service === undefined ? {} : { service }) },
    };
    return listingPlan({ kind: 'commands', commands: [command] }, service);
  },
};
