import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import type { Word } from '../sentence';
import { none, type ClausePlan, type PlanContext } from './intent';

export type DeployTarget = { kind: 'service'; service: string } | { kind: 'plan'; plan: ClausePlan };

/**
 * The one service a deploy or a rollback is for: named (or "it"), with a `deploy:` section.
 * Never guessed: no name, several names or a name without `deploy:` is asked about or refused
 * with the services that can be deployed. `refs` are words already read as a git ref.
 */
export function deployTarget(
  clause: Clause,
  context: PlanContext,
  verb: string,
  make: (service: string) => AssistantCommand,
  refs: ReadonlySet<Word> = new Set(),
): DeployTarget {
  const deployable = clause.vocabulary.services.filter((service) => service.deployable).map((service) => service.name);
  const option = (service: string) => ({ label: `${verb} ${service}`, commands: [make(service)] });
  const plan = (result: ClausePlan): DeployTarget => ({ kind: 'plan', plan: result });
  if (deployable.length === 0) return plan(none(`No service in this workspace has a deploy: section, so there is nothing to ${verb.toLowerCase()}.`));
  const targets = clause.serviceTargets();
  const refTexts = new Set([...refs].map((word) => word.token.text));
  const unknown = targets.unknown.find((name) => !refTexts.has(name.text));
  if (unknown !== undefined) {
    const near = unknown.suggestions.filter((name) => deployable.includes(name));
    return near.length > 0
      ? plan({ kind: 'question', question: `There is no service "${unknown.text}". Did you mean ${near.join(' or ')}?`, options: near.map(option) })
      : plan(none(`There is no service "${unknown.text}" to ${verb.toLowerCase()} (services with deploy: ${deployable.join(', ')}).`));
  }
  const ambiguous = targets.ambiguous[0];
  if (ambiguous !== undefined) {
    const candidates = ambiguous.candidates.filter((name) => deployable.includes(name));
    if (candidates.length > 0)
      return plan({ kind: 'question', question: `"${ambiguous.text}" could be ${candidates.join(' or ')}: which one?`, options: candidates.map(option) });
  }
  // "deploy web, then roll back": what the sentence just acted on.
  const names = targets.names.length > 0 ? targets.names : targets.pronoun || context.follows ? context.previousServices : [];
  if (targets.all || names.length > 1) return plan(none(`${verb} one service at a time, e.g. "${verb.toLowerCase()} ${deployable[0] ?? 'api'}".`));
  const service = names[0];
  if (service === undefined) return plan({ kind: 'question', question: `${verb} which service?`, options: deployable.map(option) });
  if (!deployable.includes(service)) {
    return plan(
      none(`${service} has no deploy: section in the workspace, so Zervigo cannot ${verb.toLowerCase()} it (services with one: ${deployable.join(', ')}).`),
    );
  }
  return { kind: 'service', service };
}
