import { afterEach } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import type { ServiceView } from '../../src/shared/types/service';
import { tempDir, writeFile } from './temp-dir';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A real engine and HTTP server over a workspace (written to a fresh folder, where its
 * services' files can go too), stopped after the test with every process it started.
 */
export async function serveEngine(yaml: string, options: { files?: Record<string, string>; probeSpreadMs?: number } = {}) {
  const dir = tempDir();
  for (const [name, content] of Object.entries(options.files ?? {})) writeFile(dir, name, content);
  const file = writeFile(dir, 'zervigo.yaml', yaml);
  const dataDir = tempDir();
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, probeSpreadMs: options.probeSpreadMs });
  cleanups.push(() => engine.stop());
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  cleanups.push(() => server.close());
  const call = async <T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const service = async (name: string) => (await call<ServiceView[]>('GET', '/services')).body.find((entry) => entry.name === name) as ServiceView;
  return { engine, dir, dataDir, url: server.url, call, service };
}
