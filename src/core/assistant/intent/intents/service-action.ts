import type { AssistantCommand, AssistantOption } from '../../../../shared/contract/assistant-plan';
import type { Clause, ServiceTargets } from '../clause';
import type { Word } from '../sentence';
import type { Concept } from '../lexicon/lexicon';
import { none, type ClausePlan, type IntentDefinition, type PlanContext } from './intent';
import { servicesInState } from './services-in-state';

type LifecycleCommand = 'services.restart' | 'services.stop' | 'services.start' | 'services.reset';

export interface ServiceActionSpec {
  name: string;
  command: LifecycleCommand;
  /** Shown in questions: "Restart which service?" */
  verb: string;
  triggers: readonly string[];
  words?: ReadonlyArray<readonly [Concept, readonly string[]]>;
  score: (clause: Clause) => number;
  /** "reset the given-up services": no name means all of them. */
  allWhenGivenUp?: boolean;
  askedWithoutVerb?: IntentDefinition['askedWithoutVerb'];
}

export function lifecycleCommand(command: LifecycleCommand, services: string[]): AssistantCommand {
  return { command, input: { services } };
}

/**
 * Restart, stop, start and reset: one shape, one file each for the words. A target it cannot be
 * sure of is asked about, never guessed — these stop processes.
 */
export function serviceAction(spec: ServiceActionSpec): IntentDefinition {
  const make = (services: string[]): AssistantCommand => lifecycleCommand(spec.command, services);
  const label = (services: string[]): string => `${spec.verb} ${services.length === 0 ? 'all services' : services.join(', ')}`;
  return {
    name: spec.name,
    triggers: spec.triggers,
    ...(spec.words === undefined ? {} : { words: spec.words }),
    ...(spec.askedWithoutVerb === undefined ? {} : { askedWithoutVerb: spec.askedWithoutVerb }),
    score: spec.score,
    acts: true,
    mergeable: true,
    plan(clause, context) {
      if (clause.negated) return none(`The sentence says not to ${spec.verb.toLowerCase()}; nothing to run.`);
      const targets = clause.serviceTargets();
      const resolved = resolveTargets(targets, clause, context, spec);
      if (resolved.kind !== 'services') return resolved.plan;
      const services = resolved.services;
      const asked = notNowOrElsewhere(clause, context, label(services), [make(services)], services);
      if (asked !== null) return asked;
      return { kind: 'commands', commands: [make(services)], services };
    },
  };
}

/**
 * A command said with a time ("restart gateway in 10 minutes": nothing schedules it, and running
 * it now is not what was said) or for another environment than the active one ("deploy api to
 * prod" while dev is active: running it here would be the wrong action) is asked about.
 */
export function notNowOrElsewhere(clause: Clause, context: PlanContext, label: string, commands: AssistantCommand[], services?: string[]): ClausePlan | null {
  // What was said cannot be done as said: offer it now, saying why.
  const askNow = (why: string): ClausePlan => ({
    kind: 'question',
    question: `Zervigo does not ${why}: ${label.toLowerCase()} now?`,
    options: [{ label: `${label} now`, commands }],
    ...(services === undefined ? {} : { services }),
  });
  // "restart api if it's down": nothing here checks the condition, and running it regardless is not what was said.
  const condition = clause.analysis.words.find((word) => word.concepts.has('condition'));
  if (condition !== undefined) return askNow(`check conditions ("${clause.analysis.text.slice(condition.token.start).replace(/[,，。.!?？！].*$/, '')}")`);
  // "stop db after the backup", "restart api once the deploy is done": nothing here waits for an event.
  const event = awaitedEvent(clause);
  if (event !== null) return askNow(`wait for events ("${event}")`);
  const when = clause.times()[0] ?? clause.durations()[0];
  if (when !== undefined)
    return askNow(
      `schedule ("${clause.analysis.words
        .slice(when.from, when.to + 1)
        .map((word) => word.token.text)
        .join(' ')}")`,
    );
  const askedEnvironment = clause.names('environment').find((name) => name !== context.environment);
  if (askedEnvironment === undefined) return null;
  return {
    kind: 'question',
    question: `The active environment is ${context.environment ?? 'none'}, not ${askedEnvironment}. Switch to ${askedEnvironment} first?`,
    options: [
      {
        label: `Switch to ${askedEnvironment}, then ${label.toLowerCase()}`,
        commands: [{ command: 'workspace.setEnvironment', input: { environment: askedEnvironment } }, ...commands],
      },
    ],
    ...(services === undefined ? {} : { services }),
  };
}

type Resolution = { kind: 'services'; services: string[] } | { kind: 'plan'; plan: ClausePlan };

function resolveTargets(targets: ServiceTargets, clause: Clause, context: PlanContext, spec: ServiceActionSpec): Resolution {
  const all = clause.vocabulary.services.map((service) => service.name);
  const make = (services: string[]): AssistantCommand => lifecycleCommand(spec.command, services);
  const option = (services: string[]): AssistantOption => ({
    label: `${spec.verb} ${services.length === 0 ? 'all services' : services.join(', ')}`,
    commands: [make(services)],
  });
  const unknown = targets.unknown[0] ?? clause.namedLikeWords(`verb:${spec.name}`)[0];
  if (unknown !== undefined) {
    if (unknown.suggestions.length > 0) {
      return {
        kind: 'plan',
        plan: {
          kind: 'question',
          question: `There is no service "${unknown.text}". Did you mean ${unknown.suggestions.join(' or ')}?`,
          options: unknown.suggestions.map((name) => option([...targets.names, name])),
        },
      };
    }
    if (targets.names.length > 0) {
      return {
        kind: 'plan',
        plan: {
          kind: 'question',
          question: `There is no service "${unknown.text}". ${spec.verb} ${targets.names.join(', ')} only?`,
          options: [option(targets.names)],
        },
      };
    }
    return { kind: 'plan', plan: none(`There is no service "${unknown.text}" in this workspace ${clause.knownServices()}.`) };
  }
  const ambiguous = targets.ambiguous[0];
  if (ambiguous !== undefined) {
    return {
      kind: 'plan',
      plan: {
        kind: 'question',
        question: `"${ambiguous.text}" could be ${ambiguous.candidates.join(' or ')}: which one?`,
        options: ambiguous.candidates.map((name) => option([...targets.names, name])),
      },
    };
  }
  if (targets.names.length === 0 && !targets.pronoun) {
    const inState = servicesInState(clause, context, spec.verb);
    if (inState?.kind === 'services') return inState;
    if (inState?.kind === 'none') return { kind: 'plan', plan: none(inState.message) };
    if (inState?.kind === 'unknown')
      return {
        kind: 'plan',
        plan: {
          kind: 'question',
          question: `Which services are ${inState.state} is not known here: ${spec.verb.toLowerCase()} which?`,
          options: all.map((name) => option([name])),
        },
      };
  }
  // "stop all jobs": the "all" is the jobs', not the services' (it had stopped every service).
  if (targets.all && targets.names.length === 0 && clause.has('job-noun'))
    return {
      kind: 'plan',
      plan: none(
        `"${clause.text}" is about jobs, which are not services: a running job is cancelled on the Jobs page (jobs.cancel); nothing to ${spec.verb.toLowerCase()}.`,
      ),
    };
  if (targets.all) return { kind: 'services', services: targets.except.length === 0 ? [] : all.filter((name) => !targets.except.includes(name)) };
  if (targets.names.length > 0) return { kind: 'services', services: targets.names };
  // "stop api then start it", and Chinese, which leaves "it" out: "先把 api 停了再启动".
  if (context.previousServices.length > 0 && (targets.pronoun || context.follows)) return { kind: 'services', services: context.previousServices };
  if (spec.allWhenGivenUp === true && clause.has('given-up')) return { kind: 'services', services: [] };
  const options = [...all.map((name) => option([name])), option([])];
  // "restart prod" while dev is active: each option switches first, as "restart api in prod" does.
  const elsewhere = clause.names('environment').find((name) => name !== context.environment);
  if (elsewhere === undefined) return { kind: 'plan', plan: { kind: 'question', question: `${spec.verb} which service?`, options } };
  const switchFirst: AssistantCommand = { command: 'workspace.setEnvironment', input: { environment: elsewhere } };
  return {
    kind: 'plan',
    plan: {
      kind: 'question',
      question: `${spec.verb} which service in ${elsewhere}? The active environment is ${context.environment ?? 'none'}; each choice switches to ${elsewhere} first.`,
      options: options.map((each) => ({ label: `Switch to ${elsewhere}, then ${each.label.toLowerCase()}`, commands: [switchFirst, ...each.commands] })),
    },
  };
}

const AWAITING = new Set(['after', 'once', 'when', 'until', 'till']);

/** "after the backup", "once the deploy is done": the words from "after" on, or null. */
function awaitedEvent(clause: Clause): string | null {
  const at = clause.words.findIndex((word) => AWAITING.has(word.token.lower));
  if (at < 0) return null;
  const rest = clause.words.slice(at + 1);
  const names = rest.some(
    (word) =>
      word.concepts.has('event-ref') ||
      word.concepts.has('job-noun') ||
      [...word.concepts].some((concept) => concept.startsWith('work:')) ||
      word.entities.some((entity) => entity.kind === 'job'),
  );
  if (!names) return null;
  const from = clause.words[at] as Word;
  return clause.analysis.text.slice(from.token.start, (clause.words.at(-1) as Word).token.end).replace(/[,，。.!?？！].*$/, '');
}
