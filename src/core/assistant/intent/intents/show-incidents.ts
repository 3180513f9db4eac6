import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { IntentDefinition } from './intent';
import { listedService, listingPlan } from './listed-service';

/** "open" for "any open incidents", "ongoing incidents", "进行中的故障"; "resolved" for "resolved incidents". */
const OPEN_WORDS = new Set(['open', 'ongoing', 'active', 'current', 'unresolved', '进行中', '未解决']);
const RESOLVED_WORDS = new Set(['resolved', 'closed', 'past', '已解决']);

/**
 * "any incidents today?", "show the incidents of db", "open incidents", "最近的故障": the incidents
 * with their ranked causes (incidents.list; the palette opens the Incidents page, `zervigo ask`
 * prints them). "why is api down?" is an explanation (explain), not this list.
 */
export const showIncidentsIntent: IntentDefinition = {
  name: 'incidents',
  triggers: [],
  words: [['incident-word', ['incident', 'incidents', 'outage', 'outages', 'postmortem', '事故', '故障', '事件']]],
  score: (clause) => (clause.has('incident-word') ? 7 : 0),
  plan(clause) {
    const listed = listedService(clause, 'Incidents');
    if ('plan' in listed) return listed.plan;
    const { service } = listed;
    const status = clause.hasWord(...OPEN_WORDS) ? 'open' : clause.hasWord(...RESOLVED_WORDS) ? 'resolved' : undefined;
    const command: AssistantCommand = {
      command: 'incidents.list',
      input: { limit: 20, ...(status === undefined ? {} : { status }), ...(service === undefined ? {} : { service }) },
    };
    return listingPlan({ kind: 'commands', commands: [command] }, service);
  },
};
