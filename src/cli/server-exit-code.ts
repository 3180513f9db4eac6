import { ZervigoError } from '../shared/errors';

/**
 * Exit codes shared by the commands that talk to a running console (check --url, report,
 * monitor, interactive), so a script can tell "nobody answers" from "the token is wrong".
 */
export const SERVER_EXIT = { unreachable: 3, unauthorized: 4 } as const;

/** 3 or 4 for a console that does not answer or refuses the token; otherwise `fallback`. */
export function serverExitCode(error: unknown, fallback: number): number {
  if (error instanceof ZervigoError && error.code === 'unavailable') return SERVER_EXIT.unreachable;
  if (error instanceof ZervigoError && error.code === 'unauthorized') return SERVER_EXIT.unauthorized;
  return fallback;
}
