import { UserName } from '../../../shared/contract/auth';
import type { AuditLog } from '../../store/audit-log';
import type { AuthStore, SsoSession, UserRow } from '../auth-store';
import type { Identified, NotIdentified, SignInClient, SignInMethod } from '../sign-in-method';
import { claimAt, groupsIn, roleForGroups } from './group-roles';
import { authorizationRequest, describeOidcFailure, discoverProvider, endSessionUrl, verifiedClaims } from './oidc-client';
import { providerLabel, type OidcProviders, type OidcProviderSettings } from './oidc-provider-settings';
import { PendingFlows } from './pending-flows';

/** What the provider sent the browser back with, and the state this browser's cookie holds. */
export interface OidcCallback {
  provider: string;
  callbackUrl: URL;
  cookieState: string | undefined;
}

export type OidcStart = { ok: true; url: string; state: string } | { ok: false; message: string };

/** The button on the sign-in page. */
export interface OidcProviderButton {
  id: string;
  name: string;
}

/**
 * Sign-in with OpenID Connect (authorization code flow with PKCE, state and nonce; the ID token
 * verified by openid-client): the provider's subject becomes an SSO person here, created on first
 * sign-in, and their groups set their role in the workspace at every sign-in. Auth opens the
 * session and audits the outcome, as for passwords.
 */
export class OidcSignIn implements SignInMethod<OidcCallback> {
  readonly name = 'oidc' as const;
  private readonly flows: PendingFlows;

  constructor(
    private readonly store: AuthStore,
    private readonly providers: OidcProviders,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.flows = new PendingFlows(now);
  }

  buttons(): OidcProviderButton[] {
    return Object.entries(this.providers()).map(([id, settings]) => ({ id, name: providerLabel(id, settings) }));
  }

  /**
   * Where to send the browser to end the session at the provider too, or null: the provider is
   * gone from the settings, names no end_session_endpoint, or cannot be reached (the session here
   * has ended either way).
   */
  async endSessionUrl(sso: SsoSession, postLogoutRedirectUri: string): Promise<string | null> {
    const settings = this.providers()[sso.provider];
    if (settings === undefined) return null;
    try {
      return await endSessionUrl(settings, sso.idToken, postLogoutRedirectUri);
    } catch {
      return null;
    }
  }

  /** Where to send the browser; a provider that cannot be reached is refused here, audited. */
  async begin(provider: string, defaultRedirectUri: string, workspace: string, client: SignInClient): Promise<OidcStart> {
    const settings = this.providers()[provider];
    if (settings === undefined) return { ok: false, message: `there is no sign-in provider "${provider}" here` };
    const label = providerLabel(provider, settings);
    const redirectUri = settings.redirect_url ?? defaultRedirectUri;
    try {
      const config = await discoverProvider(settings);
      const request = await authorizationRequest(config, settings, redirectUri);
      this.flows.add({
        provider,
        workspace,
        state: request.state,
        nonce: request.nonce,
        codeVerifier: request.codeVerifier,
        redirectUri,
        config,
        startedAt: this.now(),
      });
      return { ok: true, url: request.url.href, state: request.state };
    } catch (error) {
      const message = describeOidcFailure(error, label, settings.issuer);
      this.audit.record({
        actor: `someone at ${client.address ?? 'an unknown address'}`,
        action: 'sign_in',
        target: `sign-in with ${label}`,
        outcome: 'failed',
        message,
        details: { method: 'oidc', provider, client: client.address },
      });
      return { ok: false, message: `Sign-in with ${label} is not available: ${message}` };
    }
  }

  async identify(callback: OidcCallback, _client: SignInClient): Promise<Identified | NotIdentified> {
    const settings = this.providers()[callback.provider];
    const details = { provider: callback.provider };
    const refuse = (attempted: string, message: string): NotIdentified => ({ ok: false, attempted, code: 'unauthorized', message, details });
    if (settings === undefined) return refuse(`someone at ${callback.provider}`, `there is no sign-in provider "${callback.provider}" here`);
    const label = providerLabel(callback.provider, settings);
    const someone = `someone at ${label}`;
    const state = callback.callbackUrl.searchParams.get('state');
    if (state === null || callback.cookieState === undefined || state !== callback.cookieState) {
      return refuse(someone, `this sign-in with ${label} did not start in this browser (state mismatch); start again from the sign-in page`);
    }
    const flow = this.flows.take(state);
    if (flow === undefined || flow.provider !== callback.provider) {
      return refuse(someone, `this sign-in with ${label} has expired or was already used; start again from the sign-in page`);
    }
    let claims: Record<string, unknown>;
    let idToken: string;
    try {
      ({ claims, idToken } = await verifiedClaims(flow, callback.callbackUrl, settings.groups_claim));
    } catch (error) {
      return refuse(someone, describeOidcFailure(error, label, settings.issuer));
    }
    const subject = String(claims.sub);
    const name = accountName(claims, settings, callback.provider, subject);
    const attempted = `${name} (${label})`;
    const decision = roleForGroups(groupsIn(claimAt(claims, settings.groups_claim)), settings);
    if (!decision.ok) return refuse(attempted, `${label} signed you in as ${name}, but ${decision.message}`);
    const user = this.person(settings.issuer, subject, name);
    if ('refused' in user) return refuse(attempted, user.refused);
    this.store.setRole(user.id, flow.workspace, decision.role);
    return {
      ok: true,
      userId: user.id,
      userName: user.name,
      tokenId: null,
      workspace: flow.workspace,
      how: `signed in with ${label} (OpenID Connect) as ${decision.role} of ${flow.workspace}, by ${decision.because}`,
      details: { ...details, role: decision.role },
      sso: { provider: callback.provider, idToken },
    };
  }

  /** The SSO person of this issuer and subject, created on first sign-in; never a local account taken over by name. */
  private person(issuer: string, subject: string, name: string): UserRow | { refused: string } {
    const externalId = externalIdOf(issuer, subject);
    const linked = this.store.userByExternalId(externalId);
    if (linked !== undefined) return linked;
    const sameName = this.store.userByName(name);
    if (sameName !== undefined) {
      return {
        refused: `an account named ${sameName.name} already exists here and is not this person at ${issuer}; an admin can remove it (zervigo users remove ${sameName.name}) to let them in`,
      };
    }
    const id = this.store.db.transaction(() => {
      const created = this.store.addUser(name, 'person', null, this.now());
      this.store.setExternalId(created, externalId);
      return created;
    })();
    return this.store.userById(id) as UserRow;
  }
}

/** issuer + subject: the identity OpenID Connect promises is stable and unique. */
export function externalIdOf(issuer: string, subject: string): string {
  return `${issuer}#${subject}`;
}

/** The issuer an SSO person's identity lives at, for lists ("SSO"). */
export function ssoIssuerOf(externalId: string | null): string | null {
  if (externalId === null) return null;
  const at = externalId.lastIndexOf('#');
  return at < 0 ? externalId : externalId.slice(0, at);
}

/** The claim named for it, else email, else key-subject; made a valid account name. */
function accountName(claims: Record<string, unknown>, settings: OidcProviderSettings, provider: string, subject: string): string {
  for (const candidate of [claimAt(claims, settings.username_claim), claims.email, `${provider}-${subject}`]) {
    if (typeof candidate !== 'string') continue;
    const parsed = UserName.safeParse(candidate.replace(/[^A-Za-z0-9._@-]/g, '-').replace(/^[^A-Za-z0-9]+/, ''));
    if (parsed.success) return parsed.data;
  }
  return `${provider}-${subject.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
}
