import type { RuleView } from '../types/alerts';
import { NoInput } from './app';
import { command, event, returns } from './define';

export const ruleCommands = {
  'rules.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<RuleView[]>(),
    rest: 'GET /rules',
    summary: 'Every rule with its state, last evaluation, value and error',
  }),
  'rules.export': command({
    permission: 'view',
    input: NoInput,
    output: returns<string>(),
    rest: 'GET /rules/export',
    summary: 'The rules as a Prometheus rule file (promtool check rules accepts it)',
  }),
};

export const ruleEvents = {
  'rules.changed': event<RuleView[]>('Rules were evaluated or reloaded', 'view'),
};
