import os from 'node:os';
import type { CallContext } from '../shared/contract/define';

/** Actors that name a way in (a shell), not who came in through it. */
const SHELL_ACTORS = new Set(['browser', 'api', 'desktop', 'tray', 'cli']);

/** The OS user the engine runs as; an account without a passwd entry falls back to $USER. */
export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'operator';
  }
}

/**
 * Who did it, for acknowledgements and silences: until people sign in (the teams issue), the
 * name set in Settings, else the OS user of the engine — never the shell ("browser"). Actors
 * that are not shells (a rule, the supervisor, code) are themselves.
 */
export function personOf(context: CallContext, operatorName: string | null): string {
  if (!SHELL_ACTORS.has(context.actor)) return context.actor;
  return operatorName ?? osUser();
}
