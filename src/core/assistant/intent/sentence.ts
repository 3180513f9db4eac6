import type { EntityMention } from './entities/entity-index';
import type { Concept } from './lexicon/lexicon';
import type { Token } from './text/tokenize';

/** What a word was used up by, so later steps do not read it twice. */
export type WordUse = 'phrase' | 'time' | 'duration' | 'count' | 'entity' | 'text';

/** One token of the sentence with what the parser learned about it. */
export interface Word {
  index: number;
  token: Token;
  /** From the lexicon; a phrase's meaning sits on its first word. */
  concepts: Set<Concept>;
  /** The lexicon word it was read as (after stemming or a typo), or null. */
  known: string | null;
  /** Edits between what was typed and `known` (0 when written as in the lexicon). */
  knownDistance: number;
  usedBy: WordUse | null;
  /** Names that start at this word, and how many words they cover. */
  entities: EntityMention[];
  entitySpan: number;
  /** What it says about an alert's topic ("磁盘" → disk), for matching rule names. */
  topic: string | null;
}
