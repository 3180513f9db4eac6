import type { Command } from 'commander';
import { bodyLimitFor, MAX_WORKSPACE_SIZE_ENV, MAX_WORKSPACE_SIZE_FLAG, resolveMaxWorkspaceBytes } from '../../core/config/input-limits';
import { locateWorkspace } from '../../core/config/locate-workspace';
import { Engine } from '../../core/engine';
import { createLogger } from '../../core/logger';
import { ZERVIGO_VERSION } from '../../core/version';
import { loadOrCreateToken } from '../../server/auth/api-token';
import { engineBackend } from '../../server/backend';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server/server';
import { ZervigoError } from '../../shared/errors';
import { dataDirOf } from '../options';
import { locateRendererDir } from '../renderer-dir';

interface ServeOptions {
  workspace?: string;
  env?: string;
  host: string;
  port: string;
  allowRemote?: boolean;
  maxWorkspaceSize?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the engine headless with the web console and REST API')
    .option('-w, --workspace <file>', 'the workspace file (default: ./zervigo.yaml, else the built-in workspace)')
    .option('-e, --env <name>', 'the environment to activate')
    .option('--host <address>', 'address to listen on', DEFAULT_HOST)
    .option('-p, --port <port>', 'port to listen on', String(DEFAULT_PORT))
    .option('--allow-remote', 'allow a --host reachable from other machines')
    .option(`${MAX_WORKSPACE_SIZE_FLAG} <size>`, `refuse a workspace file or edit over this size (default 4MiB, or $${MAX_WORKSPACE_SIZE_ENV})`)
    .action(async (options: ServeOptions, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new ZervigoError('invalid_input', `--port ${options.port} is not a port number (0-65535)`);
      const maxWorkspaceBytes = resolveMaxWorkspaceBytes(options.maxWorkspaceSize);
      const dataDir = dataDirOf(command);
      const workspacePath = locateWorkspace(options.workspace);
      const logger = createLogger('zervigo');
      const token = loadOrCreateToken(dataDir);
      const engine = Engine.start({ dataDir, workspacePath, environment: options.env ?? null, shell: 'server', logger, maxWorkspaceBytes });
      let server;
      try {
        server = await startServer({
          backend: engineBackend(engine),
          token,
          host: options.host,
          port,
          allowRemote: options.allowRemote ?? false,
          rendererDir: locateRendererDir(),
          bodyLimit: bodyLimitFor(maxWorkspaceBytes),
          logger,
        });
      } catch (error) {
        await engine.stop();
        throw error;
      }
      // Links in notifications (Slack button, email, webhook externalURL) point at this console,
      // and a second instance on the data folder is told where it is.
      engine.setConsoleUrl(server.url);
      const workspace = engine.workspace.view();
      const out = (line: string): boolean => process.stdout.write(`${line}\n`);
      out(`Zervigo ${ZERVIGO_VERSION} — headless console at ${server.url}`);
      out(
        `  workspace  ${workspace.path ?? 'built-in (no zervigo.yaml here; `zervigo init` writes one)'}${workspace.environment ? `, environment ${workspace.environment}` : ''}`,
      );
      out(`  data       ${dataDir}`);
      if (workspace.error !== null) out(`  warning    the workspace file has errors; running the last good version (see Config)`);
      if (server.warning !== null) out(`  ${server.warning}`);
      out(`  sign in    ${server.loginLink()}  (one-time link; \`zervigo token\` prints the API token)`);

      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        void server
          .close()
          .then(() => engine.stop())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
