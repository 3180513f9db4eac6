import path from 'node:path';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { freePort } from '../../helpers/free-port';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { GitFixture } from './git-fixture';

/**
 * A real engine running `web` (a node server on a free port, its /health probed) deployed from a
 * real git repository in a temporary folder: `deploy: { repo: ./repo, branch: main, <deployExtra> }`.
 * The engine is pushed onto `engines` for the test file to stop.
 */
export async function deployedWeb(
  engines: Engine[],
  deployExtra: string,
): Promise<{ engine: Engine; repo: GitFixture; port: number; dataDir: string; releases: string }> {
  const dir = tempDir();
  const repo = new GitFixture(path.join(dir, 'repo'));
  const port = await freePort();
  const workspacePath = writeFile(
    dir,
    'zervigo.yaml',
    `version: 1
machine: false
services:
  web:
    start: [node, server.js]
    env: { PORT: "${port}" }
    autostart: false
    ready_timeout: 5s
    probes: [{ http: "http://127.0.0.1:${port}/health", every: 1s, timeout: 1s }]
    deploy: { repo: ./repo, branch: main, ${deployExtra} }
`,
  );
  const dataDir = path.join(dir, 'data');
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return { engine, repo, port, dataDir, releases: path.join(dataDir, 'releases', 'web') };
}
