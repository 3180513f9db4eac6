import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import type { UserView } from '../../src/shared/types/auth';
import { runCli, runCliAsync, startServe, stopProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('zervigo users on a data folder no server has opened yet', () => {
  it('an account added before the first serve leaves the owner in place: the token file it writes opens the server afterwards', async () => {
    const dataDir = tempDir();
    const added = runCli(['users', 'add', 'alice', '--role', 'operator', '--service-account', '--data-dir', dataDir]);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('added service account alice as operator of default');

    const serve = await startServe(['--port', '0', '--data-dir', dataDir], { cwd: dataDir });
    try {
      const list = await runCliAsync(['users', 'list', '--json', '--url', serve.url, '--data-dir', dataDir]);
      expect(list.stderr).toBe('');
      const users = JSON.parse(list.stdout) as UserView[];
      expect(users.map((user) => [user.name, user.owner, user.memberships])).toEqual([
        ['alice', false, [{ workspace: 'default', role: 'operator' }]],
        ['owner', true, [{ workspace: 'default', role: 'admin' }]],
      ]);
    } finally {
      expect(await stopProcess(serve.child)).toBe(0);
    }
    expect(fs.statSync(path.join(dataDir, TOKEN_FILE_NAME)).mode & 0o777).toBe(0o600);
  }, 60_000);
});

describe('zervigo users add --workspace', () => {
  it('through a running server: refuses a workspace it does not host, naming the ones it does; a hosted one is added', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(dir, 'shop.yaml', 'version: 1\n');
    writeFile(dir, 'blog.yaml', 'version: 1\n');
    const serve = await startServe(['--port', '0', '--data-dir', dataDir, '--workspace', 'shop=shop.yaml', '--workspace', 'blog=blog.yaml'], { cwd: dir });
    const admin = ['--url', serve.url, '--data-dir', dataDir];
    try {
      const typo = await runCliAsync(['users', 'add', 'bot', '--role', 'viewer', '--service-account', '--workspace', 'shp', ...admin]);
      expect(typo.stderr).toBe('zervigo: no workspace shp on this server; this server hosts shop, blog\n');
      expect(typo.status).toBe(1);
      const role = await runCliAsync(['users', 'role', 'owner', '--role', 'viewer', '--workspace', 'default', ...admin]);
      expect(role.stderr).toBe('zervigo: no workspace default on this server; this server hosts shop, blog\n');
      const added = await runCliAsync(['users', 'add', 'bot', '--role', 'viewer', '--service-account', '--workspace', 'blog', ...admin]);
      expect(added.stdout).toContain('added service account bot as viewer of blog');
      const list = JSON.parse((await runCliAsync(['users', 'list', '--json', ...admin])).stdout) as UserView[];
      expect(list.map((user) => user.name)).toEqual(['bot', 'owner']);
    } finally {
      expect(await stopProcess(serve.child)).toBe(0);
    }
  }, 60_000);

  it('with no server running: prepares a workspace a later serve --workspace hosts (noting it is not known yet), and that serve opens it to the account', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    writeFile(dir, 'shop.yaml', 'version: 1\n');
    const prepared = runCli(['users', 'add', 'bot', '--role', 'operator', '--service-account', '--workspace', 'shop', '--data-dir', dataDir]);
    expect(prepared.status).toBe(0);
    expect(prepared.stdout).toContain('added service account bot as operator of shop');
    expect(prepared.stderr).toBe(
      'zervigo: note: no server on this data folder has hosted a workspace shop yet (known: default); the role takes effect once `zervigo serve --workspace shop=FILE` hosts it\n',
    );
    const token = runCli(['tokens', 'create', '--user', 'bot', '--workspace', 'shop', '--data-dir', dataDir]);
    expect(token.status).toBe(0);
    const secret = token.stdout.split(/\s+/).find((word) => word.length >= 24 && /^[\w-]+$/.test(word)) as string;

    const serve = await startServe(['--port', '0', '--data-dir', dataDir, '--workspace', 'shop=shop.yaml'], { cwd: dir });
    try {
      const me = await fetch(`${serve.url}/w/shop/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: 'bot', workspace: 'shop', role: 'operator' });
    } finally {
      expect(await stopProcess(serve.child)).toBe(0);
    }
    // Once served, the folder knows shop: a typo of it is pointed out.
    const typo = runCli(['users', 'add', 'cat', '--role', 'viewer', '--service-account', '--workspace', 'shp', '--data-dir', dataDir]);
    expect(typo.stderr).toContain('(known: default, shop; did you mean shop?)');
  }, 60_000);
});
