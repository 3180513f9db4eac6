import path from 'node:path';
import { afterEach } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer, type RunningServer } from '../../src/server/server';
import { openBrowser } from '../helpers/browser';
import { assertBuilt, repoRoot } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface ConsoleOptions {
  /** The folder zervigo.yaml is written to, where its relative paths resolve (a fresh one by default). */
  dir?: string;
  /** The workspace's environment (e.g. a confirm_destructive `prod`). */
  environment?: string;
}

/**
 * A real engine over `yaml` and the built web console (out/renderer) on a free loopback port, its
 * token in a fresh data folder; both are stopped after the test, with every process they started.
 */
export async function startConsole(yaml: string, options: ConsoleOptions = {}): Promise<{ engine: Engine; server: RunningServer }> {
  assertBuilt();
  const dataDir = tempDir();
  const engine = Engine.start({
    dataDir,
    workspacePath: writeFile(options.dir ?? tempDir(), 'zervigo.yaml', yaml),
    environment: options.environment,
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
  });
  cleanups.push(() => engine.stop());
  const server = await startServer({
    backend: engineBackend(engine),
    token: loadOrCreateToken(dataDir),
    port: 0,
    rendererDir: path.join(repoRoot, 'out', 'renderer'),
  });
  cleanups.push(() => server.close());
  return { engine, server };
}

/** The console over `yaml` in headless Chromium, signed in, in a window of `viewport` (the browser is closed after the test). */
export async function consoleInBrowser(yaml: string, options: ConsoleOptions & { viewport: { width: number; height: number } }) {
  const { engine, server } = await startConsole(yaml, options);
  const browser = await openBrowser();
  const page = await browser.newPage({ viewport: options.viewport });
  // The one-time link `zervigo serve` prints: it sets the session cookie and opens the console.
  await page.goto(server.loginLink());
  return { engine, server, browser, page };
}
