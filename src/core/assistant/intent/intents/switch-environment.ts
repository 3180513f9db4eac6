import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import { none, type ClausePlan, type IntentDefinition } from './intent';

const switchTo = (environment: string): AssistantCommand => ({ command: 'workspace.setEnvironment', input: { environment } });

/** "switch to prod", "use dev", "切换到生产环境". */
export const switchEnvironmentIntent: IntentDefinition = {
  name: 'environment',
  triggers: [
    'switch',
    'swap',
    'change',
    'use',
    'go to',
    'move to',
    'switch over',
    'flip to',
    'take me to',
    'go back to',
    'back to',
    '切换',
    '切到',
    '切',
    '换成',
    '换到',
    '转到',
    '使用',
    '进入',
    'enter',
    'activate',
    '激活',
  ],
  acts: true,
  score(clause) {
    const named = clause.mentions('environment').length > 0;
    if (clause.has('verb:environment') && (named || clause.has('env-noun'))) return 9;
    return clause.has('env-noun') && named ? 8 : 0;
  },
  plan(clause): ClausePlan {
    const environments = clause.vocabulary.environments.map((environment) => environment.name);
    const mention = clause.mentions('environment')[0];
    if (mention !== undefined && mention.candidates.length === 1) return { kind: 'commands', commands: [switchTo(mention.candidates[0] as string)] };
    if (environments.length === 0) return none('This workspace defines no environments (add them under environments:).');
    const candidates = mention?.candidates ?? [];
    const unknown = clause.unknownNames('environment')[0];
    if (candidates.length === 0 && unknown !== undefined) {
      if (unknown.suggestions.length === 0) return none(`There is no environment "${unknown.text}" (environments: ${environments.join(', ')}).`);
      return {
        kind: 'question',
        question: `There is no environment "${unknown.text}". Did you mean ${unknown.suggestions.join(' or ')}?`,
        options: unknown.suggestions.map((name) => ({ label: `Switch to ${name}`, commands: [switchTo(name)] })),
      };
    }
    const offered = candidates.length > 0 ? candidates : environments;
    return {
      kind: 'question',
      question: 'Switch to which environment?',
      options: offered.map((name) => ({ label: `Switch to ${name}`, commands: [switchTo(name)] })),
    };
  },
};
