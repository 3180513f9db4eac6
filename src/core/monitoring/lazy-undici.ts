import type * as Undici from 'undici';

let loading: Promise<typeof Undici> | null = null;

/**
 * undici, loaded the first time an HTTP check needs it: requiring it costs about 100 ms, which a
 * workspace without HTTP probes (the built-in one) should not pay at start-up.
 */
export function loadUndici(): Promise<typeof Undici> {
  loading ??= import('undici');
  return loading;
}
