import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { ProcessRunner } from '../automation/ports';

export interface GitAccess {
  /** The repository as written (URL), or an absolute local path. */
  url: string;
  /** Variables that carry credentials (never on the command line), and no prompts. */
  env: Record<string, string>;
  timeoutMs: number;
}

export interface CommitInfo {
  sha: string;
  author: string;
  subject: string;
}

export class GitError extends Error {}

/** The repository's URL or absolute path: a local path is relative to the workspace folder. */
export function repoLocation(repo: string, workspaceDir: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^/:]+:/.test(repo) ? repo : path.resolve(workspaceDir, repo);
}

/**
 * The environment for git: never prompt (a missing password fails instead of hanging); an access
 * token goes in as an HTTP header through GIT_CONFIG_* variables, an ssh key through GIT_SSH_COMMAND,
 * so neither shows in a process listing.
 */
export function gitEnvironment(options: { token?: string; sshKey?: string }): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', SSH_ASKPASS: 'echo', LC_ALL: 'C' };
  if (options.token !== undefined && options.token !== '') {
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${Buffer.from(`x-access-token:${options.token}`).toString('base64')}`;
  }
  if (options.sshKey !== undefined) env.GIT_SSH_COMMAND = `ssh -i ${JSON.stringify(options.sshKey)} -o BatchMode=yes -o IdentitiesOnly=yes`;
  return env;
}

/**
 * git through its binary with argv (never a shell): the operator's own git, with every transport
 * and credential helper it has, and the same behaviour they see by hand. A bare cache per service
 * holds the fetched history; releases are exported from it with `git archive`.
 */
export class Git {
  constructor(
    private readonly run: ProcessRunner,
    private readonly cacheDir: string,
    private readonly log: (text: string) => void,
  ) {}

  private async git(
    args: string[],
    access: GitAccess,
    options: { capture?: boolean; stdout?: Writable; signal?: AbortSignal; quiet?: boolean } = {},
  ): Promise<string> {
    let output = '';
    const result = await this.run(['git', ...args], {
      cwd: path.dirname(this.cacheDir),
      env: access.env,
      timeoutMs: access.timeoutMs,
      signal: options.signal,
      stdout: options.stdout,
      onOutput: (text) => {
        output += text;
        if (options.quiet !== true) this.log(text);
      },
    });
    if (!result.ok) {
      const last =
        output
          .trim()
          .split('\n')
          .filter((line) => line.trim() !== '')
          .at(-1) ?? result.message;
      throw new GitError(result.message.startsWith('command not found') ? 'git is not installed (no git on PATH)' : last.replace(/^fatal:\s*/, ''));
    }
    return output;
  }

  /** Fetches branches and tags of the repository into the cache (created on first use). */
  async fetch(access: GitAccess, signal?: AbortSignal): Promise<void> {
    // git runs in the folder of the caches: it must exist before the first spawn.
    fs.mkdirSync(path.dirname(this.cacheDir), { recursive: true });
    await this.git(['init', '--bare', '--quiet', this.cacheDir], access, { quiet: true });
    try {
      await this.git(
        [
          '--git-dir',
          this.cacheDir,
          'fetch',
          '--quiet',
          '--prune',
          '--force',
          '--no-write-fetch-head',
          access.url,
          '+refs/heads/*:refs/heads/*',
          '+refs/tags/*:refs/tags/*',
        ],
        access,
        { signal },
      );
    } catch (error) {
      throw new GitError(`cannot fetch ${access.url}: ${(error as Error).message}`);
    }
  }

  /** The commit a branch, tag or commit id names in the cache, with its author and subject. */
  async resolve(ref: string, access: GitAccess): Promise<CommitInfo> {
    let text: string;
    try {
      text = await this.git(['--git-dir', this.cacheDir, 'log', '-1', '--format=%H%x00%an <%ae>%x00%s', `${ref}^{commit}`, '--'], access, { quiet: true });
    } catch {
      throw new GitError(`no branch, tag or commit "${ref}" in ${access.url}`);
    }
    const [sha = '', author = '', subject = ''] = text.trim().split('\u0000');
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new GitError(`no branch, tag or commit "${ref}" in ${access.url}`);
    return { sha, author, subject };
  }

  /** The files of a commit, as a tar stream into `into` (extracted by the caller). */
  async archive(sha: string, access: GitAccess, into: Writable, signal?: AbortSignal): Promise<void> {
    await this.git(['--git-dir', this.cacheDir, 'archive', '--format=tar', sha], access, { stdout: into, signal, quiet: true });
  }

  /** The commit a remote branch or tag points at now, without fetching it (polling). */
  async remoteHead(ref: string, access: GitAccess): Promise<string | null> {
    const text = await this.git(['ls-remote', access.url, `refs/heads/${ref}`, `refs/tags/${ref}^{}`, `refs/tags/${ref}`], access, { quiet: true });
    const lines = text
      .trim()
      .split('\n')
      .filter((line) => line !== '');
    const peeled = lines.find((line) => line.endsWith('^{}')) ?? lines[0];
    return peeled?.split(/\s+/)[0] ?? null;
  }
}
