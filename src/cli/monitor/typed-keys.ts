import type { Key } from 'ink';

/**
 * Ink hands keys typed faster than it reads them (or pasted) to useInput as one string: "jj\r",
 * "\u007f\u007f". The monitor's keys are single characters, so such a string is split back into
 * one keypress per character, with Enter, Tab and Backspace recognised as ink would alone.
 */
export function typedKeys(input: string, key: Key): Array<{ input: string; key: Key }> {
  const characters = [...input];
  if (characters.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  const none: Key = { ...key, return: false, tab: false, backspace: false, delete: false, shift: false };
  return characters.map((character) => {
    if (character === '\r' || character === '\n') return { input: '', key: { ...none, return: true } };
    if (character === '\t') return { input: '', key: { ...none, tab: true } };
    if (character === '\u007f' || character === '\b') return { input: '', key: { ...none, backspace: true } };
    return { input: character, key: { ...none, shift: character !== character.toLowerCase() } };
  });
}
