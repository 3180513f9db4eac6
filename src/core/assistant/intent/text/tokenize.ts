import type { Lexicon } from '../lexicon/lexicon';
import { chineseNumber, CHINESE_NUMERAL } from './numbers';

export type TokenKind = 'word' | 'number' | 'cjk' | 'punct' | 'quoted';

export interface Token {
  kind: TokenKind;
  /** As typed (the case matters for text searched in logs). */
  text: string;
  /** Lower case; for quoted text, the text inside the quotes. */
  lower: string;
  start: number;
  end: number;
  /** For numbers: the value ("30", "两", "一个半" → 1.5). */
  value?: number;
}

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/y;
const LATIN_WORD = /[a-z0-9][a-z0-9_.:'\-/]*/iy;
const PUNCTUATION = /[,;，；、&!?！？。]/y;
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』', "'": "'", '‘': '’' };
/** Units a Chinese number may be followed by: "两小时", "三点", "一个半小时". */
const CHINESE_UNIT = /^个?(小时|钟头|分钟|分|秒|天|日|周|星期|礼拜|点|条|行)/;

/**
 * Splits a sentence into words. Latin text splits at spaces and punctuation; a run of Chinese
 * characters is segmented by the longest word the lexicon knows at each point (entity names
 * included), with numbers read as numbers, so "把磁盘告警静音两小时" becomes 把 磁盘 告警 静音 两 小时.
 */
export function tokenize(text: string, lexicon: Lexicon, isEntityName?: (candidate: string) => boolean): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] as string;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const quoted = readQuoted(text, at);
    if (quoted !== null) {
      tokens.push(quoted);
      at = quoted.end;
      continue;
    }
    LATIN_WORD.lastIndex = at;
    const latin = LATIN_WORD.exec(text);
    if (latin !== null) {
      const word = latin[0].replace(/[.:'\-/]+$/, '');
      pushLatin(tokens, word, at);
      at += latin[0].length;
      continue;
    }
    CJK_RUN.lastIndex = at;
    const run = CJK_RUN.exec(text);
    if (run !== null) {
      segmentChinese(run[0], at, lexicon, tokens, isEntityName);
      at += run[0].length;
      continue;
    }
    PUNCTUATION.lastIndex = at;
    if (PUNCTUATION.test(text)) tokens.push({ kind: 'punct', text: char, lower: char, start: at, end: at + 1 });
    at++;
  }
  return tokens;
}

/** "it's", "what's": contractions, not possessives. */
const CONTRACTED = new Set(['it', 'that', 'what', 'let', 'he', 'she', 'there', 'here', 'who', 'where', 'how', 'when']);

function pushLatin(tokens: Token[], word: string, start: number): void {
  // "api's logs": the name, then the possessive.
  const possessive = /^(.+)'s$/i.exec(word);
  if (possessive !== null && CONTRACTED.has((possessive[1] as string).toLowerCase())) {
    tokens.push({ kind: 'word', text: word, lower: word.toLowerCase(), start, end: start + word.length });
    return;
  }
  const base = possessive?.[1] ?? word;
  const lower = base.toLowerCase();
  const isNumber = /^\d+(\.\d+)?$/.test(base);
  tokens.push({ kind: isNumber ? 'number' : 'word', text: base, lower, start, end: start + base.length, ...(isNumber ? { value: Number(base) } : {}) });
  if (possessive) tokens.push({ kind: 'word', text: "'s", lower: "'s", start: start + base.length, end: start + word.length });
}

function readQuoted(text: string, at: number): Token | null {
  const open = text[at] as string;
  const close = QUOTES[open];
  if (close === undefined) return null;
  // An apostrophe opens a quote only at the start of a word ('deadlock', not don't).
  if ((open === "'" || open === '‘') && at > 0 && !/[\s(]/.test(text[at - 1] as string)) return null;
  const end = text.indexOf(close, at + 1);
  if (end <= at + 1) return null;
  const inner = text.slice(at + 1, end);
  if (inner.trim() === '') return null;
  return { kind: 'quoted', text: inner, lower: inner.toLowerCase(), start: at, end: end + 1 };
}

function segmentChinese(run: string, offset: number, lexicon: Lexicon, tokens: Token[], isEntityName?: (candidate: string) => boolean): void {
  let i = 0;
  while (i < run.length) {
    const number = chineseNumberAt(run, i);
    const word = lexicon.cjkWordAt(run, i, isEntityName);
    // A number before a unit ("两小时", "一个半小时") wins over words that start the same ("一个").
    if (number !== null && (CHINESE_UNIT.test(run.slice(i + number.length)) || word === null || word.length <= number.length)) {
      tokens.push({ kind: 'number', text: number.text, lower: number.text, start: offset + i, end: offset + i + number.length, value: number.value });
      i += number.length;
      continue;
    }
    const piece = word ?? (run[i] as string);
    tokens.push({ kind: 'cjk', text: piece, lower: piece, start: offset + i, end: offset + i + piece.length });
    i += piece.length;
  }
}

function chineseNumberAt(run: string, i: number): { text: string; length: number; value: number } | null {
  let end = i;
  while (end < run.length && CHINESE_NUMERAL.test(run[end] as string)) end++;
  if (end === i) return null;
  const digits = run.slice(i, end);
  // "一个半小时": one and a half, with 个 between.
  if (run[end] === '个' && run[end + 1] === '半') {
    const whole = chineseNumber(digits);
    if (whole !== null) return { text: run.slice(i, end + 2), length: end + 2 - i, value: whole + 0.5 };
  }
  const value = chineseNumber(digits);
  return value === null ? null : { text: digits, length: digits.length, value };
}
