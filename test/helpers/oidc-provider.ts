import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcTestAccount {
  /** The login typed into the provider's form (its account id and subject). */
  login: string;
  groups: string[];
  email?: string;
}

/** How the provider's token endpoint answer is spoiled, to see Zervigo refuse it. */
export type IdTokenTamper =
  | { kind: 'none' }
  /** Claims changed and signed again with the provider's real key (a token for another client, an expired one, another flow's nonce). */
  | { kind: 'resign'; claims: (claims: Record<string, unknown>) => Record<string, unknown> }
  /** Claims changed, signature kept: a forged token. */
  | { kind: 'forge'; claims: (claims: Record<string, unknown>) => Record<string, unknown> };

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tamper: IdTokenTamper;
  /** The accounts by login: change one's groups to see the role follow at the next sign-in. */
  accounts: Map<string, OidcTestAccount>;
  /** The query of each request to its end_session_endpoint (RP-initiated logout), in order. */
  endSessionCalls: Record<string, string>[];
  close(): Promise<void>;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1: one confidential
 * client, accounts whose groups come in a `groups` claim, its own development login form (any
 * password), consent granted for the first-party client. `tamper` rewrites the ID token of the
 * next token responses, for the refusals.
 */
export async function startOidcProvider(options: {
  port: number;
  redirectUris: string[];
  accounts: OidcTestAccount[];
  clientId?: string;
  clientSecret?: string;
  /** Where it may send the browser back after signing out (its client's post_logout_redirect_uris). */
  postLogoutRedirectUris?: string[];
  /** false: no RP-initiated logout (no end_session_endpoint in its discovery). */
  endSession?: boolean;
}): Promise<OidcTestProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = options.clientId ?? 'zervigo';
  const clientSecret = options.clientSecret ?? crypto.randomBytes(24).toString('base64url');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key';
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: 'RS256', use: 'sig' };
  const accounts = new Map(options.accounts.map((account) => [account.login, account]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    pkce: { required: () => true },
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: options.endSession ?? true } },
    findAccount: async (_ctx, id) => {
      const account = accounts.get(id);
      if (account === undefined) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: id, name: id, email: account.email ?? `${id}@example.com`, groups: account.groups }),
      };
    },
    // A first-party client: the person is not asked to consent.
    loadExistingGrant: async (ctx) => {
      const clientId = ctx.oidc.client?.clientId as string;
      const session = ctx.oidc.session;
      if (session === undefined || session.accountId === undefined) return undefined;
      const existing = session.grantIdFor(clientId);
      if (existing !== undefined) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      return grant;
    },
  });
  const handle: OidcTestProvider = { issuer, clientId, clientSecret, tamper: { kind: 'none' }, accounts, endSessionCalls: [], close: async () => undefined };

  const sign = (header: Record<string, unknown>, claims: Record<string, unknown>): string => {
    const data = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${data}.${base64url(crypto.sign('sha256', Buffer.from(data), privateKey))}`;
  };
  provider.use(async (ctx, next) => {
    if (ctx.path === '/session/end') handle.endSessionCalls.push({ ...(ctx.query as Record<string, string>) });
    await next();
    const tamper = handle.tamper;
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path !== '/token' || tamper.kind === 'none' || typeof body?.id_token !== 'string') return;
    const [header, payload, signature] = body.id_token.split('.') as [string, string, string];
    const claims = tamper.claims(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>);
    body.id_token =
      tamper.kind === 'resign'
        ? sign(JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>, claims)
        : `${header}.${base64url(JSON.stringify(claims))}.${signature}`;
  });

  const handler = provider.callback();
  const server = http.createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  handle.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return handle;
}
