import { Composer, isScalar, Lexer, Parser, visit, YAMLParseError, type CST, type Document, type LineCounter } from 'yaml';
import { MAX_NESTING_DEPTH, nestedTooDeeply } from './input-limits';

export interface YamlParseOptions {
  lineCounter?: LineCounter;
  /** Report a key written twice in one mapping (as yaml's uniqueKeys does, in linear time). */
  uniqueKeys?: boolean;
}

/**
 * yaml's parseDocument, with two guards it lacks. Nesting is counted while the text is parsed
 * (the CST parser keeps an explicit stack) and parsing stops at MAX_NESTING_DEPTH, before the
 * composer and everything after it recurse that deep. Duplicate keys are found with a set per
 * mapping: yaml's own check compares each key with every earlier one, which makes a mapping of
 * 60,000 keys take half a minute.
 */
export function parseYamlDocument(text: string, options: YamlParseOptions = {}): Document.Parsed {
  const parser = new Parser(options.lineCounter?.addNewLine);
  options.lineCounter?.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_NESTING_DEPTH && collectionsIn(parser.stack) > MAX_NESTING_DEPTH) return tooDeep(parser.offset - lexeme.length);
  }
  for (const token of parser.end()) tokens.push(token);

  let doc: Document.Parsed | null = null;
  for (const composed of new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)) {
    if (doc === null) {
      doc = composed;
    } else {
      doc.errors.push(
        new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; a workspace is one document'),
      );
      break;
    }
  }
  const parsed = doc as Document.Parsed;
  for (const error of parsed.errors) {
    // The composer catches its own stack overflow; say what it means.
    if (error.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(error.message)) error.message = nestedTooDeeply();
  }
  if (options.uniqueKeys !== false && parsed.errors.length === 0) parsed.errors.push(...duplicateKeys(parsed));
  return parsed;
}

function collectionsIn(stack: CST.Token[]): number {
  let count = 0;
  for (const token of stack) if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') count += 1;
  return count;
}

/** A document holding only the error, positioned where the limit was passed. */
function tooDeep(offset: number): Document.Parsed {
  const doc = new Composer().compose([], true, 0).next().value as Document.Parsed;
  doc.errors.push(new YAMLParseError([offset, offset + 1], 'RESOURCE_EXHAUSTION', nestedTooDeeply()));
  return doc;
}

function duplicateKeys(doc: Document.Parsed): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        // 1 and "1" are different keys, as in yaml's own check.
        const identity = typeof pair.key.value === 'string' ? `s:${pair.key.value}` : pair.key.value;
        if (seen.has(identity)) {
          const start = pair.key.range?.[0] ?? 0;
          errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        seen.add(identity);
      }
    },
  });
  return errors;
}
