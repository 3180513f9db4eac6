import type { OidcProviderSettings } from './oidc/oidc-provider-settings';

type Providers = Readonly<Record<string, OidcProviderSettings>>;

/** A hosted workspace's own file, as far as sign-in goes. */
export interface WorkspaceSsoFile {
  name: string;
  /** Its file, or null for the built-in workspace. */
  file: string | null;
  providers: Providers;
}

/**
 * What to say about the workspace files' single sign-on providers on a server of several. Sign-in is the server's (a person spans its workspaces): the server's file names them.
 * Before it could, the first workspace's file did; that is still read, with a deprecation, when
 * the server's file names none. Any other workspace's providers were never read: said so.
 */
export function signInWarnings(server: Providers | null, workspaces: readonly WorkspaceSsoFile[]): string[] {
  const first = workspaces[0];
  const fromFirst = server === null && first !== undefined && Object.keys(first.providers).length > 0;
  const warnings: string[] = [];
  for (const workspace of workspaces) {
    if (Object.keys(workspace.providers).length === 0) continue;
    const where = `sso: in ${workspace.file ?? 'the built-in workspace'} (workspace ${workspace.name})`;
    if (fromFirst && workspace === first)
      warnings.push(
        `${where} is deprecated: sign-in is the server's; move it to the server's workspaces file (--workspaces FILE, top level sso:). Read from there until then.`,
      );
    else
      warnings.push(
        `${where} is ignored: ${server !== null ? "the server's workspaces file names the sign-in providers" : "a server reads only the first workspace's (deprecated; put them in the server's workspaces file)"}`,
      );
  }
  return warnings;
}
