import type { Role } from '../../../shared/auth/permissions';

/**
 * One OpenID Connect provider as the workspace file's `sso.providers.<key>` gives it (validated
 * there); declared here so auth/ need not import config/.
 */
export interface OidcProviderSettings {
  name?: string | undefined;
  issuer: string;
  client_id: string;
  client_secret?: string | undefined;
  scopes: string[];
  groups_claim: string;
  username_claim: string;
  roles: Record<string, Role>;
  default_role: Role | 'none';
  redirect_url?: string | undefined;
}

/** The providers by key, read afresh at each sign-in so a saved workspace applies at once. */
export type OidcProviders = () => Readonly<Record<string, OidcProviderSettings>>;

export function providerLabel(key: string, settings: Pick<OidcProviderSettings, 'name'>): string {
  return settings.name ?? key;
}
