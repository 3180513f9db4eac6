/**
 * Where in the workspace a cursor is, read from indentation the way YAML nests block
 * collections. It works on text that does not parse yet (a key half typed), which is when
 * completion is wanted; flow collections (`{ … }`, `[ … ]`) are not looked into.
 */
export interface CursorPlace {
  /** Keys and list indexes from the top down to the mapping the cursor is in. */
  path: (string | number)[];
  /** Typing a key, or the value of `key`. */
  position: { kind: 'key' } | { kind: 'value'; key: string };
  /** What is typed so far of the key or value, and where it starts. */
  prefix: string;
  from: number;
  /** Keys already in that mapping, so they are not offered again. */
  siblings: string[];
}

interface LineInfo {
  /** Column of the key (after any "- " markers), or of the text. */
  column: number;
  /** Columns of the "- " markers on the line, outermost first. */
  dashes: number[];
  key: string | null;
  /** The line is `key:` with nothing (or a comment) after it: a block follows. */
  opensBlock: boolean;
  blank: boolean;
}

function lineInfo(line: string): LineInfo {
  const blank = /^\s*(#.*)?$/.test(line);
  const dashes: number[] = [];
  let column = /^ */.exec(line)?.[0].length ?? 0;
  while (line.startsWith('- ', column) || (line.startsWith('-', column) && column + 1 === line.length)) {
    dashes.push(column);
    column += 1;
    while (line[column] === ' ') column++;
  }
  const match = /^((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?))\s*:(?:\s+(.*))?$/.exec(line.slice(column).replace(/\s+#.*$/, ''));
  const key = match === null ? null : (match[1] as string).replace(/^["']|["']$/g, '');
  const rest = match?.[2]?.trim() ?? '';
  return { column, dashes, key, opensBlock: key !== null && (rest === '' || /^[|>]/.test(rest)), blank };
}

export function placeAt(text: string, offset: number): CursorPlace {
  const lines = text.split('\n');
  let lineIndex = 0;
  let lineStart = 0;
  while (lineIndex < lines.length - 1 && lineStart + (lines[lineIndex] as string).length < offset) {
    lineStart += (lines[lineIndex] as string).length + 1;
    lineIndex++;
  }
  const before = (lines[lineIndex] as string).slice(0, offset - lineStart);
  const current = lineInfo(before);
  const valueMatch = /^((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?))\s*:\s+(.*)$/.exec(before.slice(current.column));
  let position: CursorPlace['position'];
  let prefix: string;
  if (valueMatch !== null) {
    position = { kind: 'value', key: (valueMatch[1] as string).replace(/^["']|["']$/g, '') };
    prefix = valueMatch[2] as string;
  } else {
    position = { kind: 'key' };
    prefix = before.slice(current.column);
  }
  const from = offset - prefix.length;

  // The mapping the cursor is in starts at `column`; walk up to its parents.
  const column = current.column;
  const path: (string | number)[] = [];
  let threshold = column;
  // On a "- " line the cursor is in a new item of the list whose dash is innermost.
  let pendingItem: number | null = current.dashes.length > 0 ? (current.dashes.at(-1) as number) : null;
  let itemIndex = 0;
  const siblings = new Set<string>();
  const collectSiblings = (from: number, step: number): void => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const info = lineInfo(lines[i] as string);
      if (info.blank) continue;
      if (info.column < column) break;
      if (info.column === column && info.key !== null) siblings.add(info.key);
      if (info.dashes.length > 0 && (info.dashes.at(-1) as number) < column) break;
    }
  };
  if (current.dashes.length === 0) collectSiblings(lineIndex - 1, -1);
  collectSiblings(lineIndex + 1, 1);

  for (let i = lineIndex - 1; i >= 0; i--) {
    const info = lineInfo(lines[i] as string);
    if (info.blank) continue;
    if (pendingItem !== null) {
      // Counting the items of that list above this one, until its parent key.
      if (info.dashes.includes(pendingItem)) {
        itemIndex++;
        continue;
      }
      if (info.column > pendingItem) continue;
      path.unshift(itemIndex);
      pendingItem = null;
      itemIndex = 0;
      threshold = info.column + 1;
    }
    const innerDash = info.dashes.at(-1);
    if (innerDash !== undefined && innerDash < threshold && info.column >= threshold) {
      // The first line of the list item this mapping belongs to ("- key: …").
      pendingItem = innerDash;
      threshold = innerDash;
      continue;
    }
    if (info.column < threshold && info.key !== null && info.opensBlock) {
      if (innerDash !== undefined) {
        path.unshift(info.key);
        pendingItem = innerDash;
        threshold = innerDash;
        continue;
      }
      path.unshift(info.key);
      threshold = info.column;
      if (threshold === 0) break;
    }
  }
  if (pendingItem !== null) path.unshift(itemIndex);
  return { path, position, prefix, from, siblings: [...siblings] };
}
