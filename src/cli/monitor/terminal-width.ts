/**
 * Terminal columns of text the monitor draws itself (outside ink): ASCII costs a length; other
 * text is measured per code point, close to wcwidth: combining marks and format characters take
 * none, East Asian wide letters and emoji two. Fitted strings are kept across frames, since a
 * service's name and reason rarely change while the table is redrawn every second.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;
const DOUBLE_WIDTH =
  /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const CONTROLS = /\p{Cc}/gu;
const ELLIPSIS = '…';
/** Enough for every service's name and reason on a large screen; cleared past it, not grown forever. */
const CACHE_LIMIT = 4_000;

const fitted = new Map<string, string>();

function columnsOfCodePoint(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return DOUBLE_WIDTH.test(char) ? 2 : 1;
}

export function terminalColumns(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let columns = 0;
  for (const char of text) columns += columnsOfCodePoint(char);
  return columns;
}

function fit(text: string, width: number): string {
  const line = text.replace(CONTROLS, ' ');
  if (PRINTABLE_ASCII.test(line)) return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}${width > 0 ? ELLIPSIS : ''}` : line.padEnd(width);
  const total = terminalColumns(line);
  if (total <= width) return line + ' '.repeat(width - total);
  // Cut so the text and its ellipsis take at most `width`, then pad what a wide letter left over.
  let kept = '';
  let used = 0;
  for (const char of line) {
    const columns = columnsOfCodePoint(char);
    if (used + columns > width - 1) break;
    kept += char;
    used += columns;
  }
  return width > 0 ? `${kept}${ELLIPSIS}${' '.repeat(width - 1 - used)}` : '';
}

/** Exactly `width` columns: cut with an ellipsis or padded with spaces; control characters become spaces. */
export function fitToColumns(text: string, width: number): string {
  const key = `${width}\u0000${text}`;
  let result = fitted.get(key);
  if (result === undefined) {
    if (fitted.size >= CACHE_LIMIT) fitted.clear();
    result = fit(text, width);
    fitted.set(key, result);
  }
  return result;
}
