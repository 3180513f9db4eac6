import * as client from 'openid-client';
import { isLoopback } from '../../loopback';
import type { OidcProviderSettings } from './oidc-provider-settings';
import type { PendingFlow } from './pending-flows';

/** Seconds a provider has to answer one request (discovery, token, keys, UserInfo). */
const PROVIDER_TIMEOUT_S = 10;

/** Reads the provider's metadata and keys afresh, so a provider that is down is known before the browser is sent there. */
export async function discoverProvider(settings: OidcProviderSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  const execute = [client.enableNonRepudiationChecks]; // verify the ID token's signature with the provider's keys, not only TLS
  if (issuer.protocol === 'http:' && isLoopback(issuer.hostname)) execute.push(client.allowInsecureRequests);
  const auth = settings.client_secret === undefined ? client.None() : client.ClientSecretBasic(settings.client_secret);
  const metadata = settings.client_secret === undefined ? {} : { client_secret: settings.client_secret };
  return client.discovery(issuer, settings.client_id, metadata, auth, { execute, timeout: PROVIDER_TIMEOUT_S });
}

/** The provider's authorization URL for a new flow: PKCE (S256), state and nonce, all random. */
export async function authorizationRequest(
  config: client.Configuration,
  settings: OidcProviderSettings,
  redirectUri: string,
): Promise<{ url: URL; state: string; nonce: string; codeVerifier: string }> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: settings.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Redeems the code and verifies the ID token (signature against the provider's keys, issuer,
 * audience, expiry, nonce) through openid-client; the claims, with UserInfo's added when the
 * ID token leaves some out (many providers put groups only there).
 */
export async function verifiedClaims(flow: PendingFlow, callbackUrl: URL, needClaim: string): Promise<{ claims: Record<string, unknown>; idToken: string }> {
  const tokens = await client.authorizationCodeGrant(
    flow.config,
    callbackUrl,
    { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true },
    { redirect_uri: flow.redirectUri },
  );
  const idClaims = tokens.claims();
  if (idClaims === undefined || tokens.id_token === undefined) throw new Error('the provider sent no ID token');
  const claims: Record<string, unknown> = { ...idClaims };
  const topClaim = needClaim.split('.')[0] as string;
  if (claims[topClaim] === undefined && flow.config.serverMetadata().userinfo_endpoint !== undefined) {
    const userInfo = await client.fetchUserInfo(flow.config, tokens.access_token, idClaims.sub);
    for (const [key, value] of Object.entries(userInfo)) if (claims[key] === undefined) claims[key] = value;
  }
  return { claims, idToken: tokens.id_token };
}

/**
 * Where to send the browser to sign out at the provider too (OIDC RP-initiated logout), or null
 * when its discovery names no end_session_endpoint (then the sign-out is ours alone).
 */
export async function endSessionUrl(settings: OidcProviderSettings, idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
  const config = await discoverProvider(settings);
  if (config.serverMetadata().end_session_endpoint === undefined) return null;
  return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
}

/**
 * What went wrong, for the person and the audit log: never a token, a code or the secret. The
 * library's own words name the failed check (signature, "aud", "exp", "nonce").
 */
export function describeOidcFailure(error: unknown, label: string, issuer: string): string {
  if (error instanceof client.ResponseBodyError) {
    return `${label} refused the sign-in: ${error.error}${error.error_description === undefined ? '' : ` (${error.error_description})`}`;
  }
  if (error instanceof client.AuthorizationResponseError) {
    return `${label} did not sign you in: ${error.error}${error.error_description === undefined ? '' : ` (${error.error_description})`}`;
  }
  // oauth4webapi's error codes (openid-client throws them, does not export them).
  const code = (error as { code?: unknown }).code;
  // openid-client words a failed check generally ("unexpected JWT claim value encountered"); its cause names the check.
  const cause = error instanceof client.ClientError && error.cause instanceof Error ? error.cause : null;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED')
    return `the ID token from ${label} has expired or is not yet valid (${message}); check this machine's clock and try again`;
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    if (message.includes('"aud"')) return `the ID token from ${label} was issued to another client (wrong audience): it is not for this Zervigo`;
    if (message.includes('"iss"')) return `the ID token was not issued by ${label} (${issuer})`;
    if (message.includes('"nonce"')) return `the ID token from ${label} does not belong to this sign-in (nonce mismatch); start again`;
    return `the ID token from ${label} failed a check: ${message}`;
  }
  if (/signature verification failed/i.test(message)) return `the ID token from ${label} has a bad signature: it was not signed with ${label}'s keys`;
  if (code === 'OAUTH_KEY_SELECTION_FAILED') return `the ID token from ${label} is signed with a key ${label} does not publish`;
  if (isUnreachable(error))
    return `${label} could not be reached at ${issuer} (${reachabilityCause(error)}); try again later or ask an admin to check the provider`;
  return `${label} answered in a way that could not be verified: ${message}`;
}

function isUnreachable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return (
    /fetch failed|timed? ?out|aborted|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/i.test(message) || (error as Error | undefined)?.name === 'TimeoutError'
  );
}

function reachabilityCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (typeof cause?.code === 'string') return cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.code;
  return error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${PROVIDER_TIMEOUT_S} s` : 'no answer';
}
