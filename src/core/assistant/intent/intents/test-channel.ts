import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import { none, type ClausePlan, type IntentDefinition } from './intent';

const test = (name: string): AssistantCommand => ({ command: 'channels.test', input: { name } });

/** "send a test notification to slack-ops", "测试一下 ops-hook 通道". */
export const testChannelIntent: IntentDefinition = {
  name: 'test-channel',
  triggers: ['test', 'send a test', 'try', '测试', '试一下', '发个测试'],
  acts: true,
  score(clause) {
    if (!clause.has('verb:test-channel')) return 0;
    return clause.mentions('channel').length > 0 || clause.hasAny('channel-noun', 'alert') ? 8 : 0;
  },
  plan(clause): ClausePlan {
    const channels = clause.vocabulary.channels;
    const mention = clause.mentions('channel')[0];
    if (mention !== undefined && mention.candidates.length === 1) return { kind: 'commands', commands: [test(mention.candidates[0] as string)] };
    if (channels.length === 0) return none('This workspace defines no notification channels.');
    const offered = mention?.candidates ?? channels;
    return {
      kind: 'question',
      question: 'Test which channel?',
      options: offered.map((name) => ({ label: `Send a test through ${name}`, commands: [test(name)] })),
    };
  },
};
