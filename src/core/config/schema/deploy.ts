import { z } from 'zod';
import { commandLine, duration } from './primitives';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name, e.g. GIT_TOKEN');

/**
 * A service deployed from git: fetched, built and released into its own folder per commit, the
 * `current` symlink switched, restarted behind its probes and watched; rolled back on failure.
 */
export const deploySchema = z
  .strictObject({
    repo: z.string().min(1).describe('The git repository: a local path (relative to the workspace file) or a remote URL.'),
    branch: z.string().min(1).optional().describe('The branch deployed (default: main) — or give tag.'),
    tag: z.string().min(1).optional().describe('A tag to deploy instead of a branch.'),
    build: z.array(commandLine).default([]).describe('Build steps, each an argv (or a line split into words, never a shell), run in the new release folder.'),
    build_timeout: duration.prefault('10m').describe('How long each build step may take.'),
    keep: z.number().int().min(2).max(100).default(5).describe('Releases kept (the running one and the one before it always are).'),
    watch: duration.prefault('5m').describe('After the health gate: no alert for the service, and no crash, for this long; else it is rolled back.'),
    trigger: z
      .enum(['manual', 'poll', 'webhook'])
      .default('manual')
      .describe('What starts a deploy besides a person: polling the branch for a new commit, or a signed webhook.'),
    poll_every: duration.prefault('1m').describe('How often the branch is polled (trigger: poll).'),
    webhook_secret_env: envName
      .optional()
      .describe('trigger: webhook — the variable holding the HMAC-SHA256 secret of POST /api/v1/deploys/<service>/webhook.'),
    token_env: envName.optional().describe('For an https remote: the variable holding an access token, sent as a header (never on the command line).'),
    ssh_key: z.string().min(1).optional().describe('For an ssh remote: the private key file.'),
    fetch_timeout: duration.prefault('2m').describe('How long fetching may take.'),
  })
  .check((ctx) => {
    if (ctx.value.branch !== undefined && ctx.value.tag !== undefined)
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['tag'], message: 'deploy a branch or a tag, not both' });
    if (ctx.value.trigger === 'webhook' && ctx.value.webhook_secret_env === undefined)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['trigger'],
        message: 'trigger: webhook needs webhook_secret_env, the variable that holds the signing secret',
      });
  });

export type DeployConfig = z.infer<typeof deploySchema>;
