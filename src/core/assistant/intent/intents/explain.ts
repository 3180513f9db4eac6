import type { ExplainRequest } from '../../../../shared/contract/assistant';
import { clauseWindow, rangeInput } from '../time/window-input';
import { none, type ClausePlan, type IntentDefinition } from './intent';

const SYMPTOMS: ReadonlyArray<readonly [string, NonNullable<ExplainRequest['symptom']>]> = [
  ['symptom:down', 'down'],
  ['symptom:slow', 'slow'],
  ['symptom:firing', 'firing'],
  ['verb:restart', 'restarting'],
  ['level:error', 'errors'],
  ['level:fatal', 'errors'],
];

/**
 * "why is api down?", "what changed before gateway got slow?", "what happened last night?",
 * "为什么 api 挂了". The answer is the root-cause part's; this says precisely what was asked.
 */
export const explainIntent: IntentDefinition = {
  name: 'explain',
  triggers: [],
  score: (clause) => (clause.allWithPrefix('explain:').length > 0 ? 12 : 0),
  plan(clause, context): ClausePlan {
    const question: ExplainRequest['question'] = clause.has('explain:happened') ? 'what_happened' : clause.has('explain:changed') ? 'what_changed' : 'why';
    const targets = clause.serviceTargets();
    const service = targets.names[0] ?? (targets.pronoun ? context.previousServices[0] : undefined);
    const unknown = targets.unknown[0];
    if (service === undefined && unknown !== undefined) {
      const hint = unknown.suggestions.length > 0 ? `; did you mean ${unknown.suggestions.join(' or ')}?` : ` ${clause.knownServices()}`;
      return none(`There is no service "${unknown.text}" in this workspace${hint}`);
    }
    // A rule by topic only where the sentence speaks of an alert ("why is the disk alert firing").
    const { named, byTopic } = clause.rules();
    const alert = named[0] ?? (clause.has('alert') && byTopic.length === 1 ? byTopic[0] : undefined);
    const symptom =
      SYMPTOMS.find(([concept]) => clause.has(concept))?.[1] ?? (alert !== undefined && clause.has('alert') && !named.length ? 'firing' : undefined);
    const request: ExplainRequest = {
      question,
      ...(service === undefined ? {} : { service }),
      ...(alert === undefined ? {} : { alert }),
      ...(symptom === undefined ? {} : { symptom }),
      ...rangeInput(clauseWindow(clause, true), context.clock),
    };
    return { kind: 'explain', request };
  },
};
