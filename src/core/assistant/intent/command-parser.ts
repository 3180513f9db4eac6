import { describeCommand } from '../../../shared/assistant/describe-plan';
import type { AssistantCommand, AssistantOption, AssistantPlan } from '../../../shared/contract/assistant-plan';
import { analyze, type Analysis } from './analyze';
import { chooseIntent, type Choice } from './choose-intent';
import { Clause } from './clause';
import { splitClauses } from './clauses';
import { confirmationFor } from './confirmation';
import { EntityIndex } from './entities/entity-index';
import type { AssistantVocabulary } from './entities/vocabulary';
import type { ClausePlan, IntentDefinition } from './intents/intent';
import { intents as registeredIntents } from './intents/registry';
import { channelLeftOut, tellMeLeftOut } from './notification-left-out';
import { buildLexicon } from './lexicon/build-lexicon';
import type { Lexicon } from './lexicon/lexicon';
import type { Word } from './sentence';
import type { ServiceStatus } from '../../../shared/types/service';
import { normalizeText } from './text/normalize';
import { repeatCount } from './repeat-count';

/** A command is a sentence; longer text is refused whole rather than cut (a cut could change it). */
export const MAX_SENTENCE_CHARS = 500;

export interface ParseOptions {
  now: number;
  utcOffsetMinutes: number;
  /** Each service's status now, where known (the running console): "restart whatever is down" names them. Read only by such sentences. */
  serviceStatuses?: () => Readonly<Record<string, ServiceStatus>>;
}

const lexicons = new WeakMap<readonly IntentDefinition[], Lexicon>();
/** The lexicon does not depend on the workspace: built once per list of intents. */
function lexiconOf(list: readonly IntentDefinition[]): Lexicon {
  let lexicon = lexicons.get(list);
  if (lexicon === undefined) {
    lexicon = buildLexicon(list);
    lexicons.set(list, lexicon);
  }
  return lexicon;
}

/** One part of a sentence and what it came to; `told`: a part to say was left out even if it reads as filler ("通知我"). */
interface Planned {
  clause: Clause;
  plan: ClausePlan | null;
  told?: boolean;
}

interface Chosen {
  clause: Clause;
  choice: Choice;
  told?: boolean;
}

const CONTENT_FREE = new Set(['stop-word', 'filler', 'connector', 'sequence', 'target-prep', 'pronoun', 'show']);

/**
 * Natural-language commands, offline: a sentence (English or Chinese, typos, any word order)
 * into exact contract commands, a question, an explanation request or nothing. One parser per
 * workspace version (it indexes the names once); `parse` is cheap enough for every keystroke.
 */
export class CommandParser {
  private readonly index: EntityIndex;
  private readonly lexicon: Lexicon;

  constructor(
    readonly vocabulary: AssistantVocabulary,
    private readonly intents: readonly IntentDefinition[] = registeredIntents,
  ) {
    this.index = new EntityIndex(vocabulary);
    this.lexicon = lexiconOf(intents);
  }

  parse(text: string, options: ParseOptions): AssistantPlan {
    const normalized = normalizeText(text);
    if (normalized === '') return { none: 'Say what to do, for example "restart api", "silence DiskAlmostFull for 2h" or "db errors since 3am".' };
    if (normalized.length > MAX_SENTENCE_CHARS)
      return {
        none: `That is ${normalized.length.toLocaleString('en-US')} characters; a command is a sentence of at most ${MAX_SENTENCE_CHARS}. Nothing was run.`,
      };
    const clock = { now: options.now, utcOffsetMinutes: options.utcOffsetMinutes };
    const analysis = analyze(normalized, this.lexicon, this.index, clock);
    const chosen = this.chooseAll(analysis);
    const planned: Planned[] = [];
    let previousServices: string[] = [];
    let environment = this.vocabulary.activeEnvironment;
    for (const { clause, choice, told } of chosen) {
      if (choice.kind === 'nothing') {
        planned.push({ clause, plan: null, ...(told === true ? { told } : {}) });
        continue;
      }
      const plan: ClausePlan =
        choice.kind === 'conflict'
          ? { kind: 'none', message: `"${clause.text}" asks to ${choice.names.join(' and to ')} at once; say one.` }
          : choice.kind === 'report'
            ? {
                kind: 'none',
                report: true,
                message: `"${clause.text}" reads as a question or a report about it, not as a request, so nothing is run. To do it, say it as a command, e.g. "${saidVerb(clause, choice.intent)} …"; "why is … down?" explains.`,
              }
            : choice.intent.plan(clause, {
                clock,
                environment,
                previousServices,
                follows: planned.length > 0,
                serviceStatuses: options.serviceStatuses ?? null,
              });
      if ((plan.kind === 'commands' || plan.kind === 'question') && plan.services !== undefined && plan.services.length > 0) previousServices = plan.services;
      // "storefront keeps restarting, make it stop": "it" is the service the report was about.
      const reported = choice.kind === 'report' ? clause.serviceTargets().names : [];
      if (reported.length > 0) previousServices = reported;
      if (plan.kind === 'commands')
        for (const command of plan.commands) if (command.command === 'workspace.setEnvironment') environment = command.input.environment;
      const leftOut = plan.kind === 'commands' && choice.kind === 'intent' ? channelLeftOut(clause.words, plan.commands, [`verb:${choice.intent.name}`]) : [];
      planned.push({ clause, plan: choice.kind === 'intent' && choice.intent.acts === true ? onceNotRepeated(clause, plan) : plan });
      // Said, never dropped: combine() asks whether to run only the rest.
      if (leftOut.length > 0) planned.push({ clause: new Clause(leftOut, analysis, this.index, this.vocabulary), plan: null, told: true });
    }
    return this.combine(planned, analysis);
  }

  /** Each clause's intent; neighbours asking for the same thing are one command. */
  private chooseAll(analysis: Analysis): Chosen[] {
    const out: Chosen[] = [];
    for (const split of splitClauses(analysis.words)) {
      // "restart web and page me when it's back": nothing here tells anyone; that part is said to be left out, not read as names.
      const tellMe = tellMeLeftOut(split);
      const words = tellMe.length > 0 && tellMe.length < split.length ? split.slice(0, split.length - tellMe.length) : split;
      const clause = new Clause(words, analysis, this.index, this.vocabulary);
      const choice = chooseIntent(clause, this.intents);
      const previous = out[out.length - 1];
      if (
        previous !== undefined &&
        choice.kind === 'intent' &&
        previous.choice.kind === 'intent' &&
        previous.choice.intent === choice.intent &&
        choice.intent.mergeable === true
      ) {
        const merged = new Clause([...previous.clause.words, ...words], analysis, this.index, this.vocabulary);
        out[out.length - 1] = { clause: merged, choice: chooseIntent(merged, this.intents) };
      } else out.push({ clause, choice });
      if (words !== split) out.push({ clause: new Clause(tellMe, analysis, this.index, this.vocabulary), choice: { kind: 'nothing' }, told: true });
    }
    return out;
  }

  private combine(planned: Planned[], analysis: Analysis): AssistantPlan {
    const understood = planned.filter((entry): entry is { clause: Clause; plan: ClausePlan } => entry.plan !== null);
    // A report beside a request is its reason ("api keeps restarting, stop it"); alone, it is answered as one.
    const requests = understood.filter((entry) => !isReport(entry.plan));
    const recognised = requests.length > 0 ? requests : understood;
    if (recognised.length === 0) return { none: this.nothingMatches(analysis) };
    // One part that must not run (a missing name, "don't") stops the whole sentence.
    for (const entry of recognised) if (entry.plan.kind === 'none' && entry.plan.notYet !== true) return { none: entry.plan.message };
    const commandsOf = (entries: typeof recognised): AssistantCommand[] =>
      entries.flatMap((entry) => (entry.plan.kind === 'commands' ? entry.plan.commands : []));
    const asking = recognised.findIndex((entry) => entry.plan.kind === 'question');
    if (asking >= 0) {
      const question = recognised[asking]?.plan as Extract<ClausePlan, { kind: 'question' }>;
      const before = commandsOf(recognised.slice(0, asking));
      const after = commandsOf(recognised.slice(asking + 1));
      return {
        question: question.question,
        options: question.options.map((option) => this.withConfirmation({ label: option.label, commands: [...before, ...option.commands, ...after] })),
      };
    }
    const commands = commandsOf(recognised);
    const notYet = recognised.filter((entry) => entry.plan.kind === 'none');
    if (commands.length === 0 && notYet[0]?.plan.kind === 'none') return { none: notYet[0].plan.message };
    // Parts it cannot do ("…; drop table users") or did not understand: offer only the rest.
    const leftOut = [...notYet, ...planned.filter((entry) => entry.plan === null && (entry.told === true || isMeaningful(entry.clause.words)))].map(
      (entry) => entry.clause.text,
    );
    if (commands.length > 0 && leftOut.length > 0) {
      return {
        question: `I cannot do "${leftOut.join('", "')}". Run only the rest?`,
        options: [this.withConfirmation({ label: 'Run only what was understood', commands })],
      };
    }
    if (commands.length > 0) {
      const confirm = confirmationFor(commands, this.vocabulary.environments, this.vocabulary.activeEnvironment);
      return confirm === undefined ? { commands } : { commands, confirm };
    }
    const explain = recognised.find((entry) => entry.plan.kind === 'explain');
    if (explain !== undefined && explain.plan.kind === 'explain') return { explain: explain.plan.request };
    return { none: this.nothingMatches(analysis) };
  }

  private withConfirmation(option: AssistantOption): AssistantOption {
    const confirm = confirmationFor(option.commands, this.vocabulary.environments, this.vocabulary.activeEnvironment);
    return confirm === undefined ? option : { ...option, confirm };
  }

  private nothingMatches(analysis: Analysis): string {
    const named = analysis.words.find((word) => word.entities.some((entity) => entity.candidates.length === 1));
    const entity = named?.entities[0];
    if (entity !== undefined) {
      const name = entity.candidates[0] as string;
      // "pause the nightly dump": nothing pauses one job; say where its schedule is.
      if (entity.kind === 'job' && analysis.words.some((word) => word.concepts.has('verb:pause')))
        return `Zervigo does not pause one job: its schedule is jobs.${name}.schedule in the workspace file (Config page), or "run ${name}" / "did ${name} succeed".`;
      const examples: Record<string, string> = {
        service: `"restart ${name}", "is ${name} up", "${name} logs", "why is ${name} down?"`,
        rule: `"silence ${name} for 1h", "ack ${name}"`,
        environment: `"switch to ${name}"`,
        channel: `"test ${name}"`,
        job: `"run ${name}", "did ${name} succeed"`,
      };
      return `"${name}" is a ${entity.kind} here; say what to do with it, e.g. ${examples[entity.kind] ?? ''}. The command palette (Ctrl/Cmd+K) lists every action.`;
    }
    return `Nothing I can run matches "${analysis.text.length > 80 ? `${analysis.text.slice(0, 77)}...` : analysis.text}". I understand restarting, stopping, starting, resetting, scaling, deploying and rolling back services, running jobs, listing, silencing and acknowledging alerts, insights (anomalies, forecasts, advice), a service's status, a job's runs, deploys, the audit log, logs, metrics, terminals, environments, channel tests and "why" questions. The command palette (Ctrl/Cmd+K) lists every page and action.`;
  }
}

/** "restart api 3 times": a command runs once, so asked whether once will do (see repeat-count.ts). */
function onceNotRepeated(clause: Clause, plan: ClausePlan): ClausePlan {
  const times = plan.kind === 'commands' ? repeatCount(clause.words) : null;
  if (times === null || plan.kind !== 'commands') return plan;
  return {
    kind: 'question',
    question: `"${clause.text}" asks for it ${times === 2 ? 'twice' : `${times} times`}; a command runs once (say it again to repeat it). Once?`,
    options: [
      {
        label: `${plan.commands
          .map(describeCommand)
          .join(', then ')
          .replace(/^./, (first) => first.toUpperCase())} once`,
        commands: plan.commands,
      },
    ],
    ...(plan.services === undefined ? {} : { services: plan.services }),
  };
}

function isReport(plan: ClausePlan): boolean {
  return plan.kind === 'none' && plan.report === true;
}

function isMeaningful(words: readonly Word[]): boolean {
  return words.some(
    (word) =>
      word.entities.length > 0 ||
      (word.usedBy === null && word.token.kind === 'word' && (word.concepts.size === 0 || [...word.concepts].some((concept) => !CONTENT_FREE.has(concept)))),
  );
}

/** The clause's own word for the action ("run" in "when does backup run"), else the intent's first. */
function saidVerb(clause: Clause, intent: IntentDefinition): string {
  const said = clause.words.find((word) => word.concepts.has(`verb:${intent.name}`));
  return said?.known ?? said?.token.text ?? intent.triggers[0] ?? intent.name;
}
