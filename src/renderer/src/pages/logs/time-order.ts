import { compareLogLines, type LogLine } from '../../../../shared/types/logs';

/** Puts a line where its time puts it: at the end for a live line, by binary search for a late one. */
export function insertInTimeOrder(lines: LogLine[], line: LogLine): void {
  const last = lines.at(-1);
  if (last === undefined || compareLogLines(last, line) <= 0) {
    lines.push(line);
    return;
  }
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareLogLines(lines[middle] as LogLine, line) <= 0) low = middle + 1;
    else high = middle;
  }
  lines.splice(low, 0, line);
}

/**
 * `lines` (in time order) with a page of lines (any order) merged in, as a new array. Most pages
 * of older lines go wholly before the first line; pages are cut by arrival, so a few may not.
 */
export function mergeInTimeOrder(lines: readonly LogLine[], page: readonly LogLine[]): LogLine[] {
  const sorted = [...page].sort(compareLogLines);
  const first = lines[0];
  const lastOfPage = sorted.at(-1);
  if (first === undefined) return sorted;
  if (lastOfPage === undefined) return [...lines];
  if (compareLogLines(lastOfPage, first) <= 0) return sorted.concat(lines);
  const out: LogLine[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length || j < lines.length) {
    const a = sorted[i];
    const b = lines[j];
    if (b === undefined || (a !== undefined && compareLogLines(a, b) <= 0)) {
      out.push(a as LogLine);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}
