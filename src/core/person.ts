import os from 'node:os';
import type { CallContext } from '../shared/contract/define';
import { OWNER_NAME } from '../shared/auth/principal';

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
 * Who did it, for acknowledgements and silences — never the shell ("browser"). A signed-in person
 * is their account; the owner (the desktop app, or the data folder's own account and its token)
 * is the one who runs this machine: the name set in Settings, else the OS user of the engine.
 * Actors that are not shells (a rule, the supervisor, code) are themselves.
 */
export function personOf(context: CallContext, operatorName: string | null): string {
  const principal = context.principal;
  if (principal !== undefined && principal.kind !== 'system') {
    const isOwner = principal.kind === 'local' || principal.user === OWNER_NAME;
    return isOwner ? (operatorName ?? osUser()) : principal.name;
  }
  if (!SHELL_ACTORS.has(context.actor)) return context.actor;
  return operatorName ?? osUser();
}
