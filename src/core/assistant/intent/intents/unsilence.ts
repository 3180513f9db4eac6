import { matchersText } from '../../../../shared/assistant/describe-plan';
import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { SilenceInstance } from '../entities/vocabulary';
import { none, type ClausePlan, type IntentDefinition } from './intent';

const expire = (silence: SilenceInstance): AssistantCommand => ({ command: 'silences.expire', input: { id: silence.id } });

/** Whether the silence is about what the sentence names: a service's, a rule's, or (with "all") any. */
function isAbout(silence: SilenceInstance, services: readonly string[], rules: readonly string[]): boolean {
  const equals = (name: string, values: readonly string[]) =>
    silence.matchers.some((matcher) => matcher.name === name && matcher.isEqual !== false && matcher.isRegex !== true && values.includes(matcher.value));
  return (services.length > 0 && equals('service', services)) || (rules.length > 0 && equals('alertname', rules));
}

/**
 * "unmute db", "remove the silence on the disk alert", "end all silences", "取消 db 的静音": ends
 * the silences in force that the sentence names (silences.expire each). It never creates one, and
 * with no silence named it asks which, listing them.
 */
export const unsilenceIntent: IntentDefinition = {
  name: 'unsilence',
  triggers: [
    'unmute',
    'unsilence',
    'unsnooze',
    'unpause alerts',
    'end the silence',
    'end the silences',
    'end silence',
    'end silences',
    'end all silences',
    'end all the silences',
    'end every silence',
    'remove the silence',
    'remove the silences',
    'remove silence',
    'remove silences',
    'delete the silence',
    'delete silence',
    'cancel the silence',
    'cancel silence',
    'lift the silence',
    'expire the silence',
    'expire silence',
    'stop silencing',
    'stop muting',
    'resume alerts',
    'resume alerting',
    'resume notifications',
    '取消静音',
    '解除静音',
    '取消屏蔽',
    '解除屏蔽',
    '恢复告警',
    '恢复通知',
    '恢复报警',
  ],
  acts: true,
  // "取消 db 的静音", "cancel the db silence": a silence word with a word that takes it back.
  words: [['undo-word', ['cancel', 'undo', 'lift', 'remove', 'delete', 'clear', '取消', '解除', '撤销', '撤掉', '去掉']]],
  // Above silence (10): "remove the silence on db" must never create one.
  score: (clause) => {
    if (clause.has('verb:unsilence') || (clause.has('verb:silence') && clause.has('undo-word'))) return 13;
    // "turn alerts back on", "re-enable alerts for mailer", "resume notifications": the silences end.
    const reenables = clause.hasSplitVerb(['turn', 'switch'], ['on']) || clause.hasWord('re-enable', 'reenable', 'resume', 'unpause', 'enable');
    return reenables && clause.has('alert') ? 12 : 0;
  },
  askedWithoutVerb: (clause) => clause.has('verb:silence') && clause.has('undo-word'),
  plan(clause, context): ClausePlan {
    if (clause.negated) return none('The sentence says not to end a silence; nothing to run.');
    const active = clause.vocabulary.silences;
    if (active.length === 0) return none('No silence is in force (the running console knows its silences; the Alerts page lists them).');
    const targets = clause.serviceTargets();
    const services = targets.names.length > 0 ? targets.names : targets.pronoun || context.follows ? context.previousServices : [];
    const { named, byTopic } = clause.rules();
    const rules = named.length > 0 ? named : byTopic;
    const option = (silence: SilenceInstance) => ({ label: `End the silence of ${matchersText(silence.matchers)}`, commands: [expire(silence)] });
    if (services.length === 0 && rules.length === 0) {
      // "all" inside a phrase ("end all silences") counts too.
      if (targets.all || clause.hasWord('all', 'every', '所有', '全部')) return { kind: 'commands', commands: active.map(expire) };
      return { kind: 'question', question: 'End which silence?', options: active.map(option) };
    }
    const about = active.filter((silence) => isAbout(silence, services, rules));
    if (about.length === 0) return none(`No silence in force is about ${[...services, ...rules].join(' or ')}; the Alerts page lists the silences.`);
    return { kind: 'commands', commands: about.map(expire) };
  },
};
