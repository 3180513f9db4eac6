import type { HandlersOf } from '../../shared/contract/define';
import type { ruleCommands } from '../../shared/contract/rules';
import type { RuleView } from '../../shared/types/alerts';

/** What the rules commands read (the rules module provides it). */
export interface RulesReader {
  ruleViews(): RuleView[];
  exportRules(): string;
}

/** The rules commands of the contract. */
export function rulesHandlers(rules: RulesReader): HandlersOf<typeof ruleCommands> {
  return {
    'rules.list': async () => rules.ruleViews(),
    'rules.export': async () => rules.exportRules(),
  };
}
