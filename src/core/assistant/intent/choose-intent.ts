import type { Clause } from './clause';
import type { IntentDefinition } from './intents/intent';
import { reportsRatherThanAsks } from './intents/reports-rather-than-asks';

const LIFECYCLE = new Set(['restart', 'stop', 'start', 'reset']);

export type Choice =
  | { kind: 'intent'; intent: IntentDefinition }
  | { kind: 'conflict'; names: string[] }
  /** It would be this action, but the sentence asks about it or reports it ("did api restart?"). */
  | { kind: 'report'; intent: IntentDefinition }
  | { kind: 'nothing' };

/**
 * The intent a clause asks for: the highest score, earlier in the registry on a tie — except two
 * different actions on services at once ("stop restarting api"), which is never guessed.
 */
export function chooseIntent(clause: Clause, intents: readonly IntentDefinition[]): Choice {
  const raw = intents.map((intent) => ({ intent, score: intent.score(clause) })).filter((entry) => entry.score > 0);
  const reported = raw.filter((entry) => entry.intent.acts === true && reportsRatherThanAsks(clause, `verb:${entry.intent.name}`));
  const scored = raw.filter((entry) => !reported.includes(entry));
  if (scored.length === 0) {
    const [first] = reported.sort((a, b) => b.score - a.score);
    return first === undefined ? { kind: 'nothing' } : { kind: 'report', intent: first.intent };
  }
  const best = Math.max(...scored.map((entry) => entry.score));
  const top = scored.filter((entry) => entry.score === best);
  const actions = top.filter((entry) => LIFECYCLE.has(entry.intent.name));
  if (actions.length > 1) return { kind: 'conflict', names: actions.map((entry) => entry.intent.name) };
  const chosen = (top[0] as { intent: IntentDefinition }).intent;
  // "删除所有日志" (delete all logs) is not "show the logs": a verb we cannot do beats a bare noun.
  if (clause.has('unsupported') && !askedFor(clause, chosen)) {
    const notYet = scored.find((entry) => entry.intent.name === 'not-yet');
    if (notYet !== undefined) return { kind: 'intent', intent: notYet.intent };
  }
  return { kind: 'intent', intent: chosen };
}

const SHOWING = ['show', 'search', 'live', 'open'];

/** Whether the clause has a verb for this intent, not only nouns it reacts to. */
function askedFor(clause: Clause, intent: IntentDefinition): boolean {
  if (clause.has(`verb:${intent.name}`) || intent.askedWithoutVerb?.(clause) === true) return true;
  return intent.triggers.length === 0 && (clause.hasAny(...SHOWING) || clause.allWithPrefix('explain:').length > 0);
}
