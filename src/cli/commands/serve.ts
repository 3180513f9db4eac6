import path from 'node:path';
import type { Command } from 'commander';
import { readServerFile } from '../../core/config/server-workspaces';
import type { OidcProviderSettings } from '../../core/auth/oidc/oidc-provider-settings';
import type { Logger } from '../../core/logger';
import { WorkspaceHost, type HostedWorkspaceSpec } from '../../core/workspace-host';
import { hostedBackends } from '../../server/hosted-backends';
import { formatBytes } from '../../shared/byte-size';
import { formatDuration } from '../../shared/duration';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import { workspacePathPrefix } from '../../shared/wire';
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
  workspace?: string[];
  workspaces?: string;
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
    .option(
      '-w, --workspace <file|name=file>',
      'the workspace file (default: ./zervigo.yaml, else the built-in workspace); name=file, repeated, hosts several workspaces',
      collect,
    )
    .option('--workspaces <file>', "the server's workspaces file: several workspaces with their files and quotas")
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
      const logger = createLogger('zervigo');
      const several = hostedWorkspacesOf(options);
      if (several !== null) {
        await serveSeveral({ dataDir, ...several, options, port, maxWorkspaceBytes, logger });
        return;
      }
      const workspacePath = locateWorkspace(options.workspace?.[0]);
      const token = loadOrCreateToken(dataDir);
      const engine = Engine.start({ dataDir, workspacePath, environment: options.env ?? null, shell: 'server', logger, maxWorkspaceBytes });
      let server;
      try {
        server = await startServer({ backend: engineBackend(engine), ...listenOptions(options, port, token, maxWorkspaceBytes, logger) });
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

      stopOnSignal(logger, () => server.close().then(() => engine.stop()));
    });
}

/** What both forms give the server besides their workspaces. */
function listenOptions(options: ServeOptions, port: number, token: string, maxWorkspaceBytes: number, logger: Logger) {
  return {
    token,
    host: options.host,
    port,
    allowRemote: options.allowRemote ?? false,
    rendererDir: locateRendererDir(),
    bodyLimit: bodyLimitFor(maxWorkspaceBytes),
    logger,
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const NAMED_WORKSPACE = /^([A-Za-z0-9][A-Za-z0-9_-]{0,62})=(.+)$/;

/** Several workspaces (--workspaces FILE, or -w name=file given at least once) and the server file's sign-in providers, or null for the one-workspace form. */
function hostedWorkspacesOf(options: ServeOptions): { hosted: HostedWorkspaceSpec[]; ssoProviders: Record<string, OidcProviderSettings> | null } | null {
  const given = options.workspace ?? [];
  const named = given.map((value) => NAMED_WORKSPACE.exec(value));
  if (options.workspaces === undefined && named.every((match) => match === null)) {
    if (given.length > 1)
      throw new ZervigoError('invalid_input', 'give one workspace file, or name each: --workspace shop=shop.yaml --workspace blog=blog.yaml');
    return null;
  }
  const plain = given.find((_value, index) => named[index] === null);
  if (plain !== undefined) throw new ZervigoError('invalid_input', `--workspace ${plain}: with several workspaces, name each (--workspace name=${plain})`);
  const serverFile = options.workspaces === undefined ? null : readServerFile(options.workspaces);
  const fromFile = serverFile?.workspaces ?? [];
  const fromFlags = named.flatMap((match) => (match === null ? [] : [{ name: match[1] as string, workspacePath: path.resolve(match[2] as string) }]));
  if (options.env !== undefined && fromFlags.length + fromFile.length > 1)
    throw new ZervigoError('invalid_input', '--env applies to one workspace; with several, give each its environment in the --workspaces file');
  return {
    hosted: [
      ...fromFile.map((workspace) => ({ ...workspace, quotas: workspace.quotas })),
      ...fromFlags.map((workspace) => ({ ...workspace, environment: options.env ?? null })),
    ],
    ssoProviders: serverFile?.ssoProviders ?? null,
  };
}

interface SeveralOptions {
  dataDir: string;
  hosted: HostedWorkspaceSpec[];
  ssoProviders: Record<string, OidcProviderSettings> | null;
  options: ServeOptions;
  port: number;
  maxWorkspaceBytes: number;
  logger: Logger;
}

/** One server, several workspaces: an engine each under <data>/workspaces/<name>, people and tokens shared. */
async function serveSeveral({ dataDir, hosted, ssoProviders, options, port, maxWorkspaceBytes, logger }: SeveralOptions): Promise<void> {
  const token = loadOrCreateToken(dataDir);
  const host = WorkspaceHost.start({ dataDir, workspaces: hosted, ssoProviders, shell: 'server', logger, maxWorkspaceBytes });
  const names = hosted.map((workspace) => workspace.name);
  let server;
  try {
    host.auth.registerOwnerToken(token);
    host.auth.hostWorkspaces(names, token);
    server = await startServer({
      workspaces: hostedBackends(names.map((name) => [name, engineBackend(host.engines.get(name) as Engine)])),
      ...listenOptions(options, port, token, maxWorkspaceBytes, logger),
    });
  } catch (error) {
    await host.stop();
    throw error;
  }
  host.setConsoleUrl(server.url, workspacePathPrefix);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`Zervigo ${ZERVIGO_VERSION} — headless console at ${server.url}, ${names.length} workspaces`);
  for (const spec of hosted) {
    const view = (host.engines.get(spec.name) as Engine).workspace.view();
    const quotas = spec.quotas === undefined ? '' : `  quotas ${describeQuotas(spec.quotas)}`;
    out(
      `  ${spec.name.padEnd(10)} ${server.url}${workspacePathPrefix(spec.name)}/  ${view.path ?? 'built-in'}${view.environment ? `, environment ${view.environment}` : ''}${quotas}`,
    );
    if (view.error !== null) out(`  warning    ${spec.name}'s workspace file has errors; running the last good version (see Config)`);
  }
  out(`  data       ${dataDir} (people and tokens; each workspace under workspaces/<name>)`);
  if (ssoProviders !== null) out(`  sign-in    single sign-on with ${Object.keys(ssoProviders).join(', ') || 'no provider'} (the server's workspaces file)`);
  for (const warning of host.warnings) out(`  warning    ${warning}`);
  if (server.warning !== null) out(`  ${server.warning}`);
  out(`  sign in    ${server.loginLink()}  (one-time link; \`zervigo token\` prints the API token, which opens every workspace)`);
  stopOnSignal(logger, () => server.close().then(() => host.stop()));
}

function describeQuotas(quotas: WorkspaceQuotas): string {
  const parts = [
    quotas.probes === undefined ? null : `${quotas.probes} probes`,
    quotas.minProbeIntervalMs === undefined ? null : `every ≥ ${formatDuration(quotas.minProbeIntervalMs)}`,
    quotas.logStorageBytes === undefined ? null : `logs ≤ ${formatBytes(quotas.logStorageBytes)}`,
    quotas.actionsPerMinute === undefined ? null : `${quotas.actionsPerMinute} actions/min`,
  ];
  return parts.filter((part) => part !== null).join(', ');
}

function stopOnSignal(logger: Logger, stopAll: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void stopAll().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
