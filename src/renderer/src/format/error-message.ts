import { ZervigoError, type ErrorCode } from '../../../shared/errors';

/** The sentence to show a person: the message without the "invalid input for <command>:" prefix. */
export function messageOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^invalid input for [\w.]+: /, '');
  // "updateUrl: updateUrl must be ..." says the field twice; once is enough.
  const repeated = /^([\w.[\]]+): (.*)$/s.exec(message);
  if (repeated !== null && (repeated[2] as string).startsWith(`${repeated[1] as string} `)) return repeated[2] as string;
  return message;
}

export function codeOf(error: unknown): ErrorCode | null {
  return error instanceof ZervigoError ? error.code : null;
}
