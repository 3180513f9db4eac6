import type { Clause } from '../clause';
import { englishNumber } from '../text/numbers';
import { wholeNumberOf } from '../whole-number';
import { none, type IntentDefinition } from './intent';

/** Where the count said is: the first whole number no name, time or duration took ("scale web to 3", "web 3 replicas", "scale web to two"). */
const countAt = (clause: Clause): number => clause.words.findIndex((entry) => entry.usedBy === null && wholeNumberOf(entry) !== null);

function replicasSaid(clause: Clause): number | null {
  const word = clause.words[countAt(clause)];
  return word === undefined ? null : wholeNumberOf(word);
}

const RELATIVE_BEFORE = new Set(['by', 'another', 'extra', 'additional', '多', '再', '加', '减', '增加', '减少', '再加', '多加', '再减', '多开', '少开']);
const RELATIVE_AFTER = new Set(['more', 'fewer', 'less', 'extra', 'additional']);

/** Whether the count said is an amount to add or remove ("by 2", "2 more", "another 2", "再加 2 个"). */
function relativeCount(clause: Clause): boolean {
  const at = countAt(clause);
  const before = clause.words[at - 1]?.token.lower ?? '';
  const after = clause.words[at + 1]?.token.lower ?? '';
  return at >= 0 && (RELATIVE_BEFORE.has(before) || RELATIVE_AFTER.has(after));
}

/** "5 replicas", "3 个副本": a count of replicas says what is wanted whatever the verb ("run", "start", "运行", "启动"). */
const countOfReplicas = (clause: Clause): boolean => clause.has('replica') && replicasSaid(clause) !== null;

/**
 * "scale web to 3", "run 4 replicas of web", "start 5 instances of web", "把 web 扩容到 3 个副本",
 * "运行 5 个 web 副本": services.scale for one service. Which service and how many are never
 * guessed: without either it says what to write.
 */
export const scaleIntent: IntentDefinition = {
  name: 'scale',
  triggers: ['scale', 'scale to', 'scale up', 'scale down', 'scale out', 'scale in', '扩容', '缩容', '扩展', '伸缩', '扩到', '缩到', '扩成', '缩成'],
  words: [
    ['replica', ['replica', 'replicas', 'instance', 'instances', 'copies', '副本', '实例']],
    // Words to the segmenter: "减少两个副本" is a change by two, not a count of two.
    ['count-change', ['增加', '减少', '再加', '多加', '再减', '多开', '少开']],
  ],
  // "start 5 replicas of web" is a scale, not a start: a count of replicas outranks the start verb.
  acts: true,
  score: (clause) => (clause.has('verb:scale') ? 10 : !countOfReplicas(clause) ? 0 : clause.has('verb:start') ? 11 : 8),
  askedWithoutVerb: countOfReplicas,
  plan(clause, context) {
    if (clause.negated) return none('The sentence says not to scale; nothing to run.');
    const targets = clause.serviceTargets();
    // "scale to 3", "scale to three": the count is not a name that was not found.
    const unknown = targets.unknown.find((name) => englishNumber(name.text.toLowerCase()) === null);
    if (unknown !== undefined)
      return none(
        `There is no service "${unknown.text}"${unknown.suggestions.length > 0 ? `; did you mean ${unknown.suggestions.join(' or ')}?` : ` in this workspace ${clause.knownServices()}.`}`,
      );
    const services = targets.names.length > 0 ? targets.names : targets.pronoun ? context.previousServices : [];
    if (services.length !== 1 || targets.all) return none(`Scale one service at a time, saying how many replicas: "scale ${services[0] ?? 'web'} to 3".`);
    const service = services[0] as string;
    const replicas = replicasSaid(clause);
    if (replicas === null) return none(`How many replicas? Say "scale ${service} to 3".`);
    // "up by 2", "2 more", "another 2": a change, while services.scale takes the count in all.
    if (relativeCount(clause))
      return none(`"${clause.text}" changes the count by an amount; Zervigo scales to a number of replicas in all: say "scale ${service} to N".`);
    return { kind: 'commands', commands: [{ command: 'services.scale', input: { service, replicas } }], services };
  },
};
