import { ROLE_SUMMARY, leastRoleFor, type Permission } from '../../../shared/auth/permissions';
import type { CommandName } from '../../../shared/contract';
import type { MeView } from '../../../shared/types/auth';
import { useMeStore } from '../stores/me-store';

export interface Can {
  allowed: boolean;
  /** Why not, for a tooltip: "needs operator". Null when allowed. */
  reason: string | null;
}

/** Whether `me` may run a command, and why not (the server refuses it anyway: this only says so first). */
export function canRun(me: MeView | null, command: CommandName): Can {
  const permission: Permission | undefined = me?.denied[command];
  if (me === null || permission === undefined) return { allowed: true, reason: null };
  const needs = leastRoleFor(permission);
  const roleRank = ['viewer', 'operator', 'admin'].indexOf(me.role);
  const reason =
    me.token !== null && roleRank >= ['viewer', 'operator', 'admin'].indexOf(needs)
      ? `needs ${permission}: this session's token is scoped to ${(me.token.scopes ?? []).join(', ')}`
      : `needs ${needs}`;
  return { allowed: false, reason };
}

export function useCan(command: CommandName): Can {
  return canRun(
    useMeStore((state) => state.me),
    command,
  );
}

/** "viewer: sees everything but secrets", for the user menu. */
export function roleWords(me: MeView): string {
  return `${me.role}: ${ROLE_SUMMARY[me.role]}`;
}

/**
 * Props that make a button look and read as disabled while it still answers hovering, so its
 * tooltip can say why (a truly disabled button gets no mouse events). Clicks are the caller's to
 * ignore: pass the handler through `guard`.
 */
export function deniedProps(can: Can): { 'data-disabled'?: true; 'aria-disabled'?: true; 'data-denied'?: string } {
  return can.allowed ? {} : { 'data-disabled': true, 'aria-disabled': true, 'data-denied': can.reason ?? '' };
}

export function guard(can: Can, action: () => void): () => void {
  return () => {
    if (can.allowed) action();
  };
}
