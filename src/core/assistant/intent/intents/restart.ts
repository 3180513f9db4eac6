import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import { wholeNumberOf } from '../whole-number';
import { none, type IntentDefinition } from './intent';
import { notNowOrElsewhere, serviceAction } from './service-action';

const restartServices = serviceAction({
  name: 'restart',
  command: 'services.restart',
  verb: 'Restart',
  triggers: ['restart', 're-start', 'reboot', 'bounce', 'recycle', 'cycle', 'kick', 'reload', '重启', '重新启动', '重起', '重开', '重新跑'],
  score: (clause) => (clause.has('verb:restart') ? 10 : 0),
});

/** The replica said: a whole number right beside "replica"/"instance"/副本 ("replica 2", "副本 2", "2 号副本"). */
function replicaSaid(clause: Clause): number | null {
  const at = clause.words.findIndex((word) => word.concepts.has('replica'));
  if (at < 0) return null;
  for (const i of [at + 1, at + 2, at - 1, at - 2]) {
    const word = clause.words[i];
    // Before "replica" a spelt-out number is a count ("one replica at a time"); "2 号副本" is an index.
    if (i < at && word?.token.kind !== 'number') continue;
    const said = word === undefined || word.usedBy !== null ? null : wholeNumberOf(word);
    if (said === null) continue;
    // "replica #2", "2 号副本": only a marker may stand between.
    const between = clause.words.slice(Math.min(i, at) + 1, Math.max(i, at));
    if (between.every((entry) => ['#', 'no', 'number', '号', '第'].includes(entry.token.lower))) return said;
  }
  return null;
}

const restartReplica = (service: string, replica: number): AssistantCommand => ({ command: 'services.restartReplica', input: { service, replica } });

/**
 * "restart api", and "restart storefront replica 2" / "重启 web 的 2 号副本": one replica
 * (services.restartReplica), not the whole service, which "replica 2" had restarted.
 */
export const restartIntent: IntentDefinition = {
  ...restartServices,
  plan(clause, context) {
    const replica = replicaSaid(clause);
    if (replica === null || clause.negated) return restartServices.plan(clause, context);
    const targets = clause.serviceTargets();
    const services = targets.names.length > 0 ? targets.names : targets.pronoun ? context.previousServices : [];
    if (services.length !== 1 || targets.all) return none(`Restart replica ${replica} of which service? Name one: "restart web replica ${replica}".`);
    const service = services[0] as string;
    const command = restartReplica(service, replica);
    return (
      notNowOrElsewhere(clause, context, `Restart replica ${replica} of ${service}`, [command], services) ?? { kind: 'commands', commands: [command], services }
    );
  },
};
