import type { Clause } from '../clause';
import { clauseWindow, spanInput } from '../time/window-input';
import type { ClausePlan, IntentDefinition } from './intent';

/** The one rule a clause names, where it names a single one. */
const ruleNamed = (clause: Clause): string | undefined => {
  const named = clause.rules().named;
  return named.length === 1 ? named[0] : undefined;
};

/**
 * "show kafka lag", "graph KafkaLag over the last day", "plot CheckoutSlow": a rule's series, the
 * side of its comparison that is not the threshold (metrics.query; Explore graphs a rule so). Had
 * been "KafkaLag is a rule here; say what to do with it". With "alert" said, the alerts are listed
 * instead (show-alerts.ts); any verb (silence, ack, explain) outscores a showing word.
 */
export const chartRuleIntent: IntentDefinition = {
  name: 'chart-rule',
  triggers: [],
  score(clause) {
    if (!clause.has('show') || clause.hasAny('alert', 'log') || clause.allWithPrefix('metric:').length > 0) return 0;
    return ruleNamed(clause) === undefined ? 0 : 6;
  },
  plan(clause, context): ClausePlan {
    const name = ruleNamed(clause) as string;
    const rule = clause.vocabulary.rules.find((entry) => entry.name === name);
    if (rule === undefined) return { kind: 'none', message: `There is no rule "${name}".` };
    return {
      kind: 'commands',
      commands: [{ command: 'metrics.query', input: { query: rule.graph, ...spanInput(clauseWindow(clause, true), context.clock) } }],
    };
  },
};
