import { styleText } from 'node:util';

export type Style = Parameters<typeof styleText>[0];
/** One colour or modifier ("red", "bold"). */
export type StyleName = Extract<Style, string>;
export type Paint = (style: Style, text: string) => string;

/**
 * Whether to colour what goes to a stream: --color / --no-color decide; else NO_COLOR (any
 * value, per no-color.org) turns it off, FORCE_COLOR (not "0") on; else only on a terminal.
 */
export function colorWanted(stream: { isTTY?: boolean }, flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function painter(enabled: boolean): Paint {
  // The decision is made above, once: styleText must not second-guess it from process.stdout.
  return enabled ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}
