/* eslint-disable no-control-regex -- matching control bytes is what this file is for */
/** CSI and OSC escape sequences (colours, cursor moves) as terminals and tmux panes emit them. */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-Z\\-_])/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const NEEDS_CLEANING = /[\x00-\x08\x0b-\x1f\x7f]/;

/**
 * A line as a person should read it: escape sequences removed, a carriage return keeps what a
 * terminal would show (the text after it), other control bytes become U+FFFD. Binary garbage
 * ends up as readable replacement characters, never as NULs in the store.
 */
export function cleanLine(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  let out = text.replace(ESCAPES, '');
  if (out.endsWith('\r')) out = out.slice(0, -1);
  const cr = out.lastIndexOf('\r');
  if (cr >= 0 && cr < out.length - 1) out = out.slice(cr + 1);
  return out.replace(CONTROL, '\uFFFD');
}
