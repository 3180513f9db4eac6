import { z } from 'zod';
import { ROLES, SCOPES } from '../auth/permissions';
import { DEFAULT_WORKSPACE } from '../auth/principal';
import type { CreatedToken, MeView, TokenView, UserView } from '../types/auth';
import type { HostedWorkspaceView } from '../types/hosted-workspaces';
import { NoInput } from './app';
import { command, returns } from './define';
import { queryFlag } from './query-flag';

/** OWASP: at least 12 characters without MFA (ASVS 2.1.1), and long ones allowed (64+). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const UserName = z
  .string()
  .trim()
  .min(1, 'a name is empty')
  .max(64, 'a name is at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'a name is letters, digits, ".", "_", "@" or "-", starting with a letter or digit');

export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `a password has at most ${MAX_PASSWORD_LENGTH} characters`);

const RoleInput = z.enum(ROLES, { error: `a role is one of ${ROLES.join(', ')}` });
const Workspace = z.string().trim().min(1).max(100).default(DEFAULT_WORKSPACE);
const Scopes = z
  .array(z.enum(SCOPES as [string, ...string[]], { error: `a scope is one of ${SCOPES.join(', ')}` }))
  .min(1, 'give at least one scope, or none for all');
const Expiry = z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'write an expiry like 30d, 12h or 1w');

export const authCommands = {
  'auth.me': command({
    permission: 'signed_in',
    input: NoInput,
    output: returns<MeView>(),
    rest: 'GET /auth/me',
    summary: 'Who is calling: the person or token, their role in the workspace and what they may do',
  }),
  'workspaces.list': command({
    permission: 'signed_in',
    input: NoInput,
    output: returns<HostedWorkspaceView[]>(),
    rest: 'GET /workspaces',
    summary: 'The workspaces of this server the caller is a member of, with their role and quotas in each',
  }),
  'auth.changePassword': command({
    permission: 'account',
    input: z.strictObject({ current: z.string().max(MAX_PASSWORD_LENGTH), password: Password }),
    output: returns<null>(),
    rest: 'PUT /auth/password',
    summary: "Change one's own password (ends one's other sessions)",
  }),
  'auth.signOutEverywhere': command({
    permission: 'account',
    input: NoInput,
    output: returns<{ sessions: number }>(),
    rest: 'POST /auth/sign-out-everywhere',
    summary: "End every session of one's account, this one included",
  }),
  'users.list': command({
    permission: 'people',
    input: NoInput,
    output: returns<UserView[]>(),
    rest: 'GET /users',
    summary: 'People and service accounts with their roles, lock state, tokens and sessions',
  }),
  'users.add': command({
    permission: 'people',
    input: z.strictObject({ name: UserName, role: RoleInput, workspace: Workspace, password: Password.optional(), serviceAccount: z.boolean().default(false) }),
    output: returns<UserView>(),
    rest: 'POST /users',
    summary: 'Add a person (with a password) or a service account (tokens only) with a role in a workspace',
  }),
  'users.remove': command({
    permission: 'people',
    input: z.strictObject({ name: UserName }),
    output: returns<{ name: string; tokensRevoked: number; sessionsEnded: number }>(),
    rest: 'DELETE /users/:name',
    summary: 'Remove an account: its tokens and sessions stop working at once',
  }),
  'users.setPassword': command({
    permission: 'people',
    input: z.strictObject({ name: UserName, password: Password }),
    output: returns<UserView>(),
    rest: 'PUT /users/:name/password',
    summary: "Set a person's password (ends their sessions)",
  }),
  'users.setRole': command({
    permission: 'people',
    input: z.strictObject({ name: UserName, role: RoleInput, workspace: Workspace }),
    output: returns<UserView>(),
    rest: 'PUT /users/:name/role',
    summary: "Change an account's role in a workspace",
  }),
  'users.unlock': command({
    permission: 'people',
    input: z.strictObject({ name: UserName }),
    output: returns<UserView>(),
    rest: 'POST /users/:name/unlock',
    summary: 'Unlock an account locked after repeated failed sign-ins',
  }),
  'tokens.list': command({
    permission: 'people',
    input: z
      .strictObject({ user: UserName.optional(), all: queryFlag('all', 'Also expired and revoked tokens (?all=true)') })
      .optional()
      .default({ all: false }),
    output: returns<TokenView[]>(),
    rest: 'GET /tokens',
    summary: 'API tokens (active ones; all: also expired and revoked), optionally of one account',
  }),
  'tokens.create': command({
    permission: 'people',
    input: z.strictObject({
      user: UserName,
      name: z.string().trim().min(1).max(100).optional(),
      scopes: Scopes.optional(),
      expires: Expiry.optional(),
      workspace: Workspace,
    }),
    output: returns<CreatedToken>(),
    rest: 'POST /tokens',
    summary: 'Create an API token for an account; the token is shown once and stored only as a hash',
  }),
  'tokens.revoke': command({
    permission: 'people',
    input: z.strictObject({ id: z.string().min(1).max(64) }),
    output: returns<TokenView>(),
    rest: 'DELETE /tokens/:id',
    summary: 'Revoke a token: it stops working at once',
  }),
};
