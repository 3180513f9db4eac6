import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import { deployTarget } from './deploy-target';
import { none, type IntentDefinition } from './intent';
import { notNowOrElsewhere } from './service-action';

const rollBack = (service: string): AssistantCommand => ({ command: 'deploys.rollback', input: { service } });

/** "roll" alone rolls nothing back: "roll it back" needs its "back". */
const saysBack = (clause: Clause): boolean =>
  clause.words.some((word) => word.concepts.has('verb:rollback') && word.known !== 'roll') || clause.hasWord('back');

/** "roll back api", "revert the last deploy of web", "回滚 api": deploys.rollback for one deployed service. */
export const rollbackIntent: IntentDefinition = {
  name: 'rollback',
  triggers: [
    'roll back',
    // "roll it back", "roll storefront back": the particle comes later.
    'roll',
    'rollback',
    'roll-back',
    'revert',
    'undo the deploy',
    'undo deploy',
    'undo the last deploy',
    'undo the latest deploy',
    'undo last deploy',
    'undo the last release',
    'undo the release',
    'previous release',
    'last good release',
    '回滚',
    '回退',
    '退回',
    '撤回发布',
    '回到上一个版本',
    '上一个版本',
  ],
  acts: true,
  // "undo the storefront deploy": a name between "undo" and "deploy" (the phrases above have none); it had deployed.
  score: (clause) => ((clause.has('verb:rollback') && saysBack(clause)) || (clause.hasWord('undo') && clause.has('verb:deploy')) ? 11 : 0),
  plan(clause, context) {
    if (clause.negated) return none('The sentence says not to roll back; nothing to run.');
    const target = deployTarget(clause, context, 'Roll back', rollBack);
    if (target.kind === 'plan') return target.plan;
    return (
      notNowOrElsewhere(clause, context, `Roll back ${target.service}`, [rollBack(target.service)], [target.service]) ?? {
        kind: 'commands',
        commands: [rollBack(target.service)],
        services: [target.service],
      }
    );
  },
};
