/** Numbers as operators write them: 2, 1.5, "two", "an", "两", "十五", "半". */

const englishNumbers: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  half: 0.5,
  couple: 2,
  few: 3,
};

export function englishNumber(word: string): number | null {
  if (/^\d+(\.\d+)?$/.test(word)) return Number(word);
  return englishNumbers[word] ?? null;
}

const chineseDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const chineseUnits: Record<string, number> = { 十: 10, 百: 100 };

/** The characters a Chinese number is made of, for the segmenter. */
export const CHINESE_NUMERAL = /^[零〇一二两俩三四五六七八九十百半]+$/;

/** "十五" → 15, "两" → 2, "半" → 0.5, "一个半" is handled by the caller (个 sits between). */
export function chineseNumber(text: string): number | null {
  if (text === '半') return 0.5;
  if (!CHINESE_NUMERAL.test(text)) return null;
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char in chineseDigits) digit = chineseDigits[char] as number;
    else if (char in chineseUnits) {
      total += (digit === 0 ? 1 : digit) * (chineseUnits[char] as number);
      digit = 0;
    } else if (char === '半') digit += 0.5;
  }
  return total + digit;
}
