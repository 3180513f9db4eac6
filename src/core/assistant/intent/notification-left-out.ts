import type { AssistantCommand } from '../../../shared/contract/assistant-plan';
import type { Word } from './sentence';

/** Verbs that ask to be told, before "me": "page me when it's back", "let me know", "通知我". */
const TELL_VERBS = new Set(['page', 'ping', 'notify', 'tell', 'email', 'mail', 'text', 'message', 'alert', 'call', 'slack', 'let', 'wake']);
const CJK = /^[\u3400-\u9fff]/;
const CHINESE_TELL = ['通知我', '告诉我', '提醒我', '叫我', '发消息给我'];

/**
 * The words of a clause asking to be told something ("restart web and page me when it's back"):
 * nothing in a command does that, so they are said to be left out, from the verb to the clause's
 * end (the "when" belongs to it). Empty when none.
 */
export function tellMeLeftOut(words: readonly Word[]): Word[] {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const next = words[i + 1];
    const english = TELL_VERBS.has(word.token.lower) && next !== undefined && next.token.lower === 'me';
    const chinese =
      !english &&
      CJK.test(word.token.text) &&
      CHINESE_TELL.some(
        (phrase) =>
          phrase.startsWith(word.token.text) &&
          words
            .slice(i, i + 3)
            .map((each) => each.token.text)
            .join('')
            .startsWith(phrase),
      );
    if (english || chinese) return words.slice(i);
  }
  return [];
}

/**
 * The words of a clause that name a notification channel its commands do nothing with ("restart
 * db and notify slack-ops": the restart is understood, "notify slack-ops" is not), from the
 * channel back to the nearest connector, other name or the clause's own verb. Empty: every channel
 * named is used (a channel test) or none is named. The parser says these words were left out
 * instead of dropping them, so an operator is never told "done" for half of a sentence.
 */
export function channelLeftOut(words: readonly Word[], commands: readonly AssistantCommand[], verbConcepts: readonly string[]): Word[] {
  let said: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.usedBy !== null || word.entities.length === 0) continue;
    // A name that is also a service, a rule or a job is read as that, not as the channel.
    if (!word.entities.every((entity) => entity.kind === 'channel')) continue;
    const names = word.entities.flatMap((entity) => entity.candidates);
    said ??= JSON.stringify(commands);
    const used = said;
    if (names.some((name) => used.includes(JSON.stringify(name)))) continue;
    let first = i;
    while (first > 0) {
      const before = words[first - 1] as Word;
      const stops =
        before.concepts.has('connector') ||
        before.concepts.has('sequence') ||
        before.entities.length > 0 ||
        before.usedBy === 'entity' ||
        verbConcepts.some((concept) => before.concepts.has(concept));
      if (stops) break;
      first--;
    }
    const lastIndex = Math.min(words.length - 1, i + Math.max(0, word.entitySpan - 1));
    return words.slice(first, lastIndex + 1);
  }
  return [];
}
