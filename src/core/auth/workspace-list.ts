import { EVERY_WORKSPACE } from '../../shared/auth/principal';
import { principalOf, type CallContext } from '../../shared/contract/define';
import type { HostedWorkspaceView, WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import type { AuthStore } from './auth-store';

/** A workspace the server hosts, as workspaces.list needs it. */
export interface HostedWorkspace {
  name: string;
  quotas: WorkspaceQuotas | null;
}

/**
 * workspaces.list: the server's workspaces the caller is a member of, in the server's order. A
 * person sees only their memberships; the desktop's owner and the engine itself see them all.
 */
export function listWorkspacesFor(context: CallContext, hosted: readonly HostedWorkspace[], store: AuthStore): HostedWorkspaceView[] {
  const principal = principalOf(context);
  const account = principal.user === null || principal.kind === 'local' ? undefined : store.userByName(principal.user);
  return hosted.flatMap((workspace) => {
    const current = workspace.name === principal.workspace;
    if (account === undefined) return [{ name: workspace.name, role: principal.role, current, quotas: workspace.quotas }];
    // A token bound to one workspace opens only that one, whatever its person's other memberships.
    if (principal.token !== null && !current && store.token(principal.token.id)?.workspace !== EVERY_WORKSPACE) return [];
    const role = current ? principal.role : store.roleIn(account.id, workspace.name);
    return role === null ? [] : [{ name: workspace.name, role, current, quotas: workspace.quotas }];
  });
}
