import type { Clause } from '../clause';

/** Words that open a question in English: "when did db-backup last run", "is the backup running". */
const QUESTION_OPENERS = new Set(['is', 'are', 'was', 'were', 'did', 'does', 'has', 'have', 'when', 'what', 'which', 'who', 'how', 'why']);
/** Chinese question words: "api 部署了吗", "备份什么时候跑的", "有没有跑备份". */
const CHINESE_QUESTION = ['吗', '了吗', '什么时候', '何时', '有没有', '是不是'];

/**
 * A past tense or a question reports on a deploy or a job run; it does not ask for one: "when was
 * api deployed", "show the deploys", "when did db-backup last run", "is the backup running",
 * "what triggered the alert", "api 部署了吗". Such a sentence must never start one.
 */
export function reportsRatherThanAsks(clause: Clause, verb: string): boolean {
  const said = clause.words.find((word) => word.concepts.has(verb) && word.usedBy === null);
  if (said !== undefined) {
    const surface = said.token.lower;
    if (/(ed|ments?)$/.test(surface) || (/s$/.test(surface) && !/ss$/.test(surface) && surface !== said.known) || surface === 'ran') return true;
  }
  const first = clause.analysis.words.find((word) => word.token.kind !== 'punct');
  if (first !== undefined && QUESTION_OPENERS.has(first.token.lower)) return true;
  if (CHINESE_QUESTION.some((word) => clause.analysis.text.includes(word))) return true;
  return clause.hasWord('history') || clause.hasAny('show', 'search');
}
