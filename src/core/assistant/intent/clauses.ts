import type { Concept } from './lexicon/lexicon';
import type { Word } from './sentence';
import { onlySparesServices } from './spared-services';

/** Concepts that make a part of a sentence a command of its own ("… and show its logs"). */
export function isActionWord(word: Word): boolean {
  for (const concept of word.concepts) {
    if (concept.startsWith('verb:') || concept.startsWith('explain:') || ACTION_CONCEPTS.has(concept)) return true;
  }
  return false;
}

const ACTION_CONCEPTS = new Set<Concept>(['show', 'open', 'search', 'live', 'unsupported']);

function isBoundary(word: Word): boolean {
  return word.usedBy === null && (word.concepts.has('connector') || word.concepts.has('sequence'));
}

/**
 * Splits at "and", "then", commas and 然后 — but only where both sides say what to do:
 * "restart api and db" stays one command, "restart api and show its logs" becomes two, and a
 * part without a verb ("api is down, restart it") joins its neighbour.
 */
export function splitClauses(words: readonly Word[]): Word[][] {
  /** Each part keeps the boundary word before it, needed when it joins its neighbour. */
  const parts: { boundary: Word | null; words: Word[] }[] = [{ boundary: null, words: [] }];
  for (const word of words) {
    if (isBoundary(word)) {
      parts.push({ boundary: word, words: [] });
      continue;
    }
    (parts[parts.length - 1] as { words: Word[] }).words.push(word);
  }
  const merged: Word[][] = [];
  let pending: Word[] = [];
  for (const part of parts) {
    if (part.words.length === 0) continue;
    if (!part.words.some(isActionWord) || onlySparesServices(part.words)) {
      // A part without a verb belongs to the command before it, or to the next one at the start.
      const joined = part.boundary === null ? part.words : [part.boundary, ...part.words];
      if (merged.length > 0) (merged[merged.length - 1] as Word[]).push(...joined);
      else pending.push(...joined);
      continue;
    }
    merged.push([...pending, ...part.words]);
    pending = [];
  }
  if (pending.length > 0) merged.push(pending);
  return merged;
}
