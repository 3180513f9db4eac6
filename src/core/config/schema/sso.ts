import { z } from 'zod';
import { ROLES } from '../../../shared/auth/permissions';
import { isLoopback } from '../../loopback';

const role = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });

/** An issuer is an absolute https URL; plain http is accepted only on this machine (a test or a local provider). */
const issuer = z
  .url({ error: 'expected the issuer URL, e.g. https://login.example.com/realms/ops' })
  .refine((text) => {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  }, 'the issuer must use https (plain http only on 127.0.0.1, ::1 or localhost)')
  .describe("The provider's issuer URL; its /.well-known/openid-configuration is read from there.");

export const ssoProviderSchema = z.strictObject({
  name: z.string().min(1).max(60).optional().describe('The label of its "Sign in with …" button (default: the key).'),
  issuer,
  client_id: z.string().min(1).describe('The client id Zervigo is registered with at the provider.'),
  client_secret: z
    .string()
    .min(1)
    .optional()
    .describe('The client secret; write ${VAR} to keep it out of the file. Masked for everyone without the secrets permission. Leave out for a public client.'),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope is one word'))
    .default(['openid', 'profile', 'email'])
    .refine((scopes) => scopes.includes('openid'), 'scopes must include openid')
    .describe('The scopes asked for; openid is required, add the one your provider needs for groups (e.g. groups).'),
  groups_claim: z
    .string()
    .min(1)
    .default('groups')
    .describe('The claim holding the groups (dots go into objects, e.g. realm_access.roles); read from the ID token, else from UserInfo.'),
  username_claim: z.string().min(1).default('preferred_username').describe("The claim that names the person's account here (else email, else the subject)."),
  roles: z
    .record(z.string().min(1), role)
    .default({})
    .describe('Groups to roles: { ops-admins: admin, ops: operator }. A person in several groups gets the highest role.'),
  default_role: z
    .union([role, z.literal('none')])
    .default('none')
    .describe('The role of a person in none of the mapped groups; none refuses them (the default).'),
  redirect_url: z
    .url()
    .optional()
    .describe("The callback URL registered at the provider (default: this server's address + /auth/oidc/<key>/callback, as the browser reached it)."),
});

export const ssoSchema = z.strictObject({
  providers: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a provider key is lowercase letters, digits, - and _'), ssoProviderSchema)
    .default({})
    .describe('OpenID Connect providers people may sign in with, under a key used in the callback URL.'),
});
