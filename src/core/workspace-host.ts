import path from 'node:path';
import { ZervigoError } from '../shared/errors';
import type { WorkspaceQuotas } from '../shared/types/hosted-workspaces';
import { WORKSPACE_NAME_PATTERN } from '../shared/wire';
import { AuthModule } from './auth/auth-module';
import type { HostedWorkspace } from './auth/workspace-list';
import { every, systemClock, type TimerHandle } from './clock';
import { DATABASE_FILE_NAME, ensureDataDir } from './data-dir';
import { Engine, type EngineOptions } from './engine';
import { InstanceLock } from './instance-lock';
import { AuditLog } from './store/audit-log';
import { openDatabase, type Database } from './store/database';
import { ZERVIGO_VERSION } from './version';
import { workspaceDataDir } from './workspace-data-dirs';
import type { OidcProviderSettings } from './auth/oidc/oidc-provider-settings';
import { signInWarnings } from './auth/server-sign-in';

/** One workspace of a server: its name, its file and what the server's admin allows it. */
export interface HostedWorkspaceSpec {
  name: string;
  /** Absolute path of its zervigo.yaml, or null for the built-in workspace. */
  workspacePath: string | null;
  environment?: string | null;
  quotas?: WorkspaceQuotas;
}

export interface WorkspaceHostOptions extends Omit<EngineOptions, 'workspacePath' | 'environment' | 'name' | 'sharedAuth' | 'hostedWorkspaces' | 'quotas'> {
  workspaces: readonly HostedWorkspaceSpec[];
  /** The server's single sign-on providers (its workspaces file's sso:); null or absent: it names none. */
  ssoProviders?: Readonly<Record<string, OidcProviderSettings>> | null;
}

/**
 * Several workspaces on one server: one Engine per workspace, each with its own data folder under
 * `workspaces/<name>`, and one Auth over the server's own database (people, tokens, sessions and
 * sign-ins are the server's; memberships say who may open which workspace). The engine stays a
 * one-workspace thing; only this wiring knows there are several.
 */
export class WorkspaceHost {
  readonly auth: AuthModule;
  /** What the operator should hear at start (deprecated or ignored sign-in settings). */
  readonly warnings: string[];
  readonly engines: ReadonlyMap<string, Engine>;
  private readonly db: Database;
  private readonly lock: InstanceLock;
  private readonly timer: TimerHandle;
  private stopped = false;

  private constructor(options: WorkspaceHostOptions) {
    const names = options.workspaces.map((workspace) => workspace.name);
    for (const name of names)
      if (!WORKSPACE_NAME_PATTERN.test(name)) throw new ZervigoError('invalid_input', `"${name}" is not a workspace name: letters, digits, "-" and "_"`);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) throw new ZervigoError('invalid_input', `workspace ${twice} is given twice`);
    if (names.length === 0) throw new ZervigoError('invalid_input', 'a server hosts at least one workspace');
    const clock = options.clock ?? systemClock;
    const dataDir = ensureDataDir(options.dataDir);
    this.lock = InstanceLock.acquire(dataDir, { pid: process.pid, shell: options.shell, startedAt: clock.now(), version: ZERVIGO_VERSION });
    const engines = new Map<string, Engine>();
    const serverSso = options.ssoProviders ?? null;
    let db: Database | null = null;
    try {
      db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
      this.db = db;
      this.auth = new AuthModule(db, clock, new AuditLog(db, () => clock.now()), {
        // Single sign-on is the server's: its file names the providers; else (deprecated) the first workspace's file.
        oidcProviders: () => serverSso ?? engines.get(names[0] as string)?.workspace.current().config.sso.providers ?? {},
        ...options.auth,
      });
      const hosted: HostedWorkspace[] = options.workspaces.map((workspace) => ({ name: workspace.name, quotas: workspace.quotas ?? null }));
      for (const workspace of options.workspaces) {
        engines.set(
          workspace.name,
          Engine.start({
            ...options,
            dataDir: workspaceDataDir(dataDir, workspace.name),
            workspacePath: workspace.workspacePath,
            environment: workspace.environment ?? null,
            name: workspace.name,
            sharedAuth: this.auth,
            hostedWorkspaces: () => hosted,
            quotas: workspace.quotas,
          }),
        );
      }
    } catch (error) {
      for (const engine of engines.values()) void engine.stop();
      db?.close();
      this.lock.release();
      throw error instanceof ZervigoError && error.code === 'invalid_input' && engines.size < names.length
        ? new ZervigoError('invalid_input', `workspace ${names[engines.size] ?? ''}: ${error.message}`, error.details)
        : error;
    }
    this.engines = engines;
    this.warnings = signInWarnings(
      serverSso,
      [...engines].map(([name, engine]) => {
        const current = engine.workspace.current();
        return { name, file: current.path, providers: current.config.sso.providers };
      }),
    );
    for (const warning of this.warnings) options.logger?.warn(warning);
    this.timer = every(clock, options.maintenanceEveryMs ?? 60_000, () => this.auth.prune());
  }

  static start(options: WorkspaceHostOptions): WorkspaceHost {
    return new WorkspaceHost(options);
  }

  /** Links in each workspace's notifications point at its own console (/w/<name>/). */
  setConsoleUrl(url: string, pathOf: (name: string) => string): void {
    for (const [name, engine] of this.engines) engine.setConsoleUrl(`${url}${pathOf(name)}`);
    this.lock.setUrl(url);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer.cancel();
    try {
      await Promise.all([...this.engines.values()].map((engine) => engine.stop()));
      this.db.close();
    } finally {
      this.lock.release();
    }
  }
}
