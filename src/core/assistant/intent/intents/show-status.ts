import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import { wholeNumberOf } from '../whole-number';
import type { ClausePlan, IntentDefinition } from './intent';

/** "is api up", "is db running", "is web ok": a yes-or-no about a service's state. */
const STATE_WORDS = new Set(['up', 'running', 'ok', 'okay', 'alive', 'fine', 'healthy']);

/** Words that open a question whether something is down: "is api down", "is anything down", "what's broken", "哪些服务挂了". */
const DOWN_QUESTION_OPENERS = new Set(['is', 'are', 'what', "what's", 'whats', 'which', 'anything', 'any', 'something', '有', '哪些', '哪个', '有没有']);
/** Chinese ways to ask yes or no, anywhere in the clause: "api 挂了吗", "api 是不是挂了". */
const CHINESE_YES_OR_NO = ['吗', '是不是', '有没有'];

/**
 * "is api down", "api 挂了吗", "is anything down", "哪些服务挂了": asked whether something is down
 * (not "why is api down": explain.ts; no verb: "restart whatever is down" acts). With a service
 * named its state answers, with none every service's.
 */
function asksWhetherDown(clause: Clause, first: string | undefined): boolean {
  if (!clause.has('symptom:down') || clause.allWithPrefix('explain:').length > 0 || clause.allWithPrefix('verb:').length > 0) return false;
  if (first !== undefined && DOWN_QUESTION_OPENERS.has(first)) return true;
  const text = clause.words.map((word) => word.token.text).join('');
  return CHINESE_YES_OR_NO.some((word) => text.includes(word));
}

/** "is api up", "how is everything", "how are the workers". */
function asksIsItUp(clause: Clause): boolean {
  const [first, second] = clause.words.filter((word) => word.token.kind !== 'punct').map((word) => word.token.lower);
  if (first === 'how' && (second === 'is' || second === 'are')) return true;
  return (first === 'is' || first === 'are') && clause.words.some((word) => STATE_WORDS.has(word.token.lower));
}

/** "list all services", "show the services", "what's running right now", "is anything down": every service's state. */
function listsServices(clause: Clause): boolean {
  const first = clause.words.find((word) => word.token.kind !== 'punct')?.token.lower;
  // "is checkout-api down" where there is none is not every service's state: no word may be a name not found.
  if (asksWhetherDown(clause, first))
    return clause.serviceTargets().names.length === 0 && clause.unknownWords().every((word) => DOWN_QUESTION_OPENERS.has(word.token.lower));
  if ((first === 'what' || first === "what's" || first === 'whats') && clause.hasWord('running', 'up')) return clause.serviceTargets().names.length === 0;
  return clause.has('show') && clause.has('service-noun') && clause.serviceTargets().names.length === 0;
}

/**
 * "how many replicas does web have", "web's replica count", "web 有几个副本": a count asked for, not
 * given (a number there is a scale: "web 3 replicas"). The service's state says it.
 */
function asksReplicaCount(clause: Clause): boolean {
  if (!clause.has('replica') || clause.words.some((word) => word.usedBy === null && wholeNumberOf(word) !== null)) return false;
  return (clause.hasWord('how') && clause.hasWord('many')) || clause.hasWord('count', 'number') || clause.has('how-many');
}

/**
 * "status of postgres", "is checkout-api up", "how is storefront doing", "postgres 状态怎么样",
 * "open the storefront page": a service's state (services.get; the palette opens its page, `zervigo
 * ask` prints it), or every service's ("how is everything").
 */
export const showStatusIntent: IntentDefinition = {
  name: 'status',
  triggers: [],
  words: [
    ['status-word', ['status', 'state', 'doing', 'page', 'overview', '状态', '健康', '怎么样', '情况', '运行情况', '正常', '正常吗']],
    ['how-many', ['几个', '多少', '多少个']],
  ],
  score(clause) {
    // Every keystroke scores every intent: the cheap test first.
    const listing = listsServices(clause);
    // "storefront's health" as written: in the lexicon, "healthz" (a path) would read as its typo.
    const asked =
      listing ||
      clause.has('status-word') ||
      clause.hasWord('health') ||
      asksIsItUp(clause) ||
      asksWhetherDown(clause, clause.words.find((word) => word.token.kind !== 'punct')?.token.lower) ||
      asksReplicaCount(clause);
    if (!asked) return 0;
    const targets = clause.serviceTargets();
    return targets.names.length > 0 || targets.all || listing ? 6 : 0;
  },
  plan(clause): ClausePlan {
    const targets = clause.serviceTargets();
    const one = targets.names.length === 1 && !targets.all ? targets.names[0] : undefined;
    const command: AssistantCommand = one === undefined ? { command: 'services.list', input: {} } : { command: 'services.get', input: { service: one } };
    return { kind: 'commands', commands: [command], ...(one === undefined ? {} : { services: [one] }) };
  },
};
