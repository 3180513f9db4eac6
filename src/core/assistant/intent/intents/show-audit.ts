import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import type { IntentDefinition } from './intent';
import { listedService, listingPlan } from './listed-service';

/**
 * The audit log's action for each lifecycle verb. A restart by hand is recorded as its stop and
 * start (a rolling or supervised one as "restart"), so "who restarted db" lists all of db's entries.
 */
const ACTIONS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['verb:restart', undefined],
  ['verb:stop', 'stop'],
  ['verb:start', 'start'],
  ['verb:reset', 'reset'],
  ['verb:scale', 'scale'],
];

/** "who stopped db", "when did api restart", "谁重启了 api", "api 什么时候重启的". */
const WHO_OR_WHEN = new Set(['who', '谁', 'when', '什么时候', '何时']);

function asksWho(clause: Clause): boolean {
  return clause.words.some((word) => WHO_OR_WHEN.has(word.token.lower)) || asksHowManyTimes(clause);
}

/** "how many times did mailer restart", "how often does db stop", "mailer 重启了几次": counted in the audit log. */
function asksHowManyTimes(clause: Clause): boolean {
  return clause.has('how-many-times') || (clause.hasWord('how') && clause.hasWord('many', 'often'));
}

/** "api's restart history", "重启记录": the history of an action, which the audit log is. */
const HISTORY_NOUNS = new Set(['history', '记录']);
const describedAction = (clause: Clause): readonly [string, string | undefined] | undefined =>
  clause.words.some((word) => HISTORY_NOUNS.has(word.token.lower)) ? ACTIONS.find(([verb]) => clause.has(`described-by:${verb}`)) : undefined;

/**
 * "who restarted mailer", "who stopped the api", "show the audit log", "审计日志", "db's stop
 * history": the audit log
 * (audit.list, narrowed to the service and the action said; the palette opens the Audit page,
 * `zervigo ask` prints it). "who restarted api" had been answered "reads as a question" and nothing more.
 */
export const showAuditIntent: IntentDefinition = {
  name: 'audit',
  triggers: [],
  words: [
    // "who touched postgres today", "who changed api": asked with who, any hand on a service is in the audit log.
    [
      'audit-word',
      ['audit', 'audit log', 'audit trail', 'who did', 'who touched', 'who changed', 'who messed with', '审计', '审计日志', '操作记录', '谁动了', '谁改了'],
    ],
    // Words to the segmenter too (else 什么 时 候).
    ['when-word', ['什么时候', '何时']],
    ['how-many-times', ['几次', '几回', '几遍', '多少次']],
  ],
  score(clause) {
    if (clause.has('audit-word') || describedAction(clause) !== undefined) return 9;
    return asksWho(clause) && ACTIONS.some(([verb]) => clause.has(verb)) ? 9 : 0;
  },
  plan(clause) {
    const listed = listedService(clause, 'The audit log');
    if ('plan' in listed) return listed.plan;
    const { service } = listed;
    const action = (ACTIONS.find(([verb]) => clause.has(verb)) ?? describedAction(clause))?.[1];
    const command: AssistantCommand = {
      command: 'audit.list',
      input: { ...(service === undefined ? {} : { target: service }), ...(action === undefined ? {} : { action }), limit: 20 },
    };
    return listingPlan({ kind: 'commands', commands: [command] }, service);
  },
};
