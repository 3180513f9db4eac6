import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../src/server/auth/api-token';
import type { UserView } from '../../src/shared/types/auth';
import { runCli, runCliAsync, startServe, stopProcess } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

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
