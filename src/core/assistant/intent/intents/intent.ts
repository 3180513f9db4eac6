import type { AssistantCommand, AssistantOption } from '../../../../shared/contract/assistant-plan';
import type { ExplainRequest } from '../../../../shared/contract/assistant';
import type { Clause } from '../clause';
import type { Concept } from '../lexicon/lexicon';
import type { LocalClock } from '../time/local-time';
import type { ServiceStatus } from '../../../../shared/types/service';

/** What one clause comes to. */
export type ClausePlan =
  | { kind: 'commands'; commands: AssistantCommand[]; services?: string[] }
  | { kind: 'question'; question: string; options: AssistantOption[]; services?: string[] }
  /** `report`: the clause tells how things are ("api keeps restarting"); beside a request it is its reason, not a refusal. */
  | { kind: 'none'; message: string; notYet?: boolean; report?: boolean }
  | { kind: 'explain'; request: ExplainRequest };

export interface PlanContext {
  clock: LocalClock;
  /** The environment commands will run in (after an earlier "switch to prod" in the sentence). */
  environment: string | null;
  /** The services of the command before, for "it" and "them". */
  previousServices: string[];
  /** This clause comes after another in the same sentence ("… then start", "…再启动"). */
  follows: boolean;
  /** Each service's status now; null where the parser is not told (offline, tests of words alone). */
  serviceStatuses: (() => Readonly<Record<string, ServiceStatus>>) | null;
}

/**
 * One thing a sentence can ask for. Adding one is a file like restart.ts (or deploy.ts,
 * rollback.ts, run-job.ts) and a line in registry.ts: its trigger words join the lexicon as `verb:<name>`.
 */
export interface IntentDefinition {
  name: string;
  /** Words (English and Chinese, phrases allowed) that ask for this. */
  triggers: readonly string[];
  /** Other words this intent gives a meaning to, as [concept, words]. */
  words?: ReadonlyArray<readonly [Concept, readonly string[]]>;
  /** How surely the clause asks for this: 0 not at all; explain 12, verbs 10, nouns 6-8. */
  score(clause: Clause): number;
  plan(clause: Clause, context: PlanContext): ClausePlan;
  /** The clause asks for this without one of its verbs ("run 5 replicas of web"): a verb Zervigo cannot do ("run") does not win over it. */
  askedWithoutVerb?(clause: Clause): boolean;
  /** It changes something (a restart, a silence, a deploy): a question or a report about it ("did api restart?") never asks for it. */
  acts?: boolean;
  /** Two neighbouring clauses of this intent are one command ("别报 gateway 的警了，静音两小时"). */
  mergeable?: boolean;
}

export const none = (message: string): ClausePlan => ({ kind: 'none', message });
