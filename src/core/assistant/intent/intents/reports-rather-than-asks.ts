import type { Clause } from '../clause';
import type { Word } from '../sentence';

/** Words that open a question in English: "when did db-backup last run", "is api stopped", "who stopped the api". */
const QUESTION_OPENERS = new Set([
  'is',
  'are',
  'was',
  'were',
  'did',
  'does',
  'has',
  'have',
  'had',
  'when',
  'what',
  "what's",
  'whats',
  "who's",
  "when's",
  "how's",
  'which',
  'who',
  'how',
  'why',
  'should',
  'shall',
]);
/** Asking for advice or leave, not for the action: "can I restart api", "do we need to deploy", "what if I stop db". */
const MODAL_OPENERS = new Set(['can i', 'can we', 'may i', 'could i', 'could we', 'do i', 'do we', 'what if', 'is it', 'would it']);
/** Chinese question words: "api 重启了吗", "db 什么时候重启的", "有没有跑备份". */
/** Before a verb's -ing form, words that make it a state being reported: "api keeps restarting", "db is stopping". */
const PROGRESSIVE_BEFORE = new Set([
  'keeps',
  'keep',
  'kept',
  'is',
  'are',
  'was',
  'were',
  'been',
  "'s",
  "i'm",
  'im',
  'am',
  "we're",
  "'re",
  'still',
  'constantly',
  'always',
  'repeatedly',
]);
/** Chinese for the same: "api 一直在重启", "db 老是重启", "web 正在重启". */
const CHINESE_PROGRESSIVE = ['一直', '老是', '总是', '不停', '正在', '反复', '又在'];
const CHINESE_QUESTION = [
  '吗',
  '了没',
  '什么',
  '何时',
  '有没有',
  '是不是',
  '谁',
  '哪个',
  '哪些',
  '多少',
  '几次',
  '几回',
  '几遍',
  '要不要',
  '该不该',
  '能不能',
  '需不需要',
];

/**
 * A past tense or a question reports on an action; it does not ask for one: "did api restart",
 * "who stopped the api", "when was api deployed", "is the backup running", "api 重启了吗", "show the
 * deploys" (a plural). Such a sentence must never run the action (choose-intent.ts zeroes acting intents).
 * Only the part of the sentence around the verb counts: "is api down? restart it" asks.
 */
export function reportsRatherThanAsks(clause: Clause, verb: string): boolean {
  const said = clause.words.find((word) => word.concepts.has(verb) && word.usedBy === null);
  if (said !== undefined) {
    const surface = said.token.lower;
    if (/(ed|ments?)$/.test(surface) || (/s$/.test(surface) && !/ss$/.test(surface) && surface !== said.known) || surface === 'ran') return true;
  }
  const part = sentencePart(clause.analysis.words, said ?? clause.words[0]);
  if (said !== undefined && (reportsAState(part, said) || showsAsAThing(part, said))) return true;
  const opener = part.find((word) => word.token.kind !== 'punct');
  if (opener !== undefined && QUESTION_OPENERS.has(opener.token.lower)) return true;
  const openerIndex = opener === undefined ? -1 : part.indexOf(opener);
  if (openerIndex >= 0 && MODAL_OPENERS.has(`${opener?.token.lower ?? ''} ${part[openerIndex + 1]?.token.lower ?? ''}`)) return true;
  const text = part.map((word) => word.token.text).join('');
  if (CHINESE_QUESTION.some((word) => text.includes(word))) return true;
  // "show the deploys", "the job runs": a plural is caught above; "the deploy history" here.
  return clause.hasWord('history');
}

/** "api keeps restarting", "db is stopping again", "web 一直在重启": the action going on, told rather than asked for. */
function reportsAState(part: readonly Word[], said: Word): boolean {
  const at = part.indexOf(said);
  const before = part[at - 1];
  if (before === undefined) return false;
  if (/ing$/.test(said.token.lower) && PROGRESSIVE_BEFORE.has(before.token.lower)) return true;
  const lead = part
    .slice(0, at)
    .map((word) => word.token.text)
    .join('');
  return CHINESE_PROGRESSIVE.some((word) => lead.endsWith(word) || lead.endsWith(`${word}在`));
}

/** Verbs that show a thing; not "give" or "get": "give db a restart" asks for one. */
const SHOWING_OPENERS = new Set(['show', 'display', 'view', 'see', 'list', 'check', 'look', 'print']);
/** Between a determiner and the action word: a name ("the storefront deploy"), "latest", "'s". */
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'their', 'our', 'my', 'your']);

/**
 * "show the latest deploy", "list the last restart of db", "check the storefront deploy": a showing
 * verb opening the part and the action word used as a noun after a determiner. It had offered to deploy.
 */
function showsAsAThing(part: readonly Word[], said: Word): boolean {
  const opener = part.find((word) => word.token.kind !== 'punct');
  if (opener === undefined || opener === said || !SHOWING_OPENERS.has(opener.token.lower)) return false;
  const openerAt = part.indexOf(opener);
  for (let at = part.indexOf(said) - 1; at > openerAt; at--) {
    const word = part[at] as Word;
    if (DETERMINERS.has(word.token.lower)) return true;
    const passes = word.entities.length > 0 || word.usedBy === 'entity' || word.concepts.has('last') || word.token.lower === "'s";
    if (!passes) return false;
  }
  return false;
}

/** The words between the punctuation marks around `at` (the whole sentence when there are none). */
function sentencePart(words: readonly Word[], at: Word | undefined): Word[] {
  if (at === undefined) return [...words];
  let from = at.index;
  while (from > 0 && (words[from - 1] as Word).token.kind !== 'punct') from--;
  let to = at.index;
  while (to < words.length - 1 && (words[to + 1] as Word).token.kind !== 'punct') to++;
  return words.slice(from, to + 1);
}
