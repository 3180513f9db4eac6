import { ZervigoError } from '../../shared/errors';
import type { PluginView } from '../../shared/types/plugins';
import type { Clock, TimerHandle } from '../clock';
import { fileOptionsSet, withFileContents } from '../config/plugin-file-options';
import type { PluginKindLookup } from '../config/plugin-kinds';
import type { Logger } from '../logger';
import type { Capabilities, ContributionSection } from './manifest';
import { PluginHost } from './plugin-host';
import { pluginKindLookup } from './plugin-kind-lookup';
import { PluginStore, type InstalledPlugin } from './plugin-store';
import { runtimeEntry } from './runtime-entry';
import type { PluginLauncher } from './plugin-process';
import { WorkspaceInstalls } from './workspace-installs';

export interface PluginsDeps {
  dataDir: string;
  engineVersion: string;
  clock: Clock;
  logger: Logger;
  /** Kind names the engine itself implements, by section: a plugin may not claim them. */
  builtinKinds: Partial<Record<ContributionSection, readonly string[]>>;
  onChanged: (views: PluginView[]) => void;
  /** False where only the data folder is changed (the CLI with no server): enabling then only records it. */
  runProcesses?: boolean;
  /** Memory cap per plugin process (default 128 MB). */
  memoryMb?: number;
  /** How plugin processes are started (default: forked Node processes; the desktop app: Electron utility processes). */
  launcher?: PluginLauncher;
  /** Installing, trusting, enabling, disabling and removing a plugin are audited under the caller's name. */
  audit?: (entry: PluginAuditEntry) => void;
}

export interface PluginAuditEntry {
  actor: string;
  action: 'plugin.install' | 'plugin.enable' | 'plugin.disable' | 'plugin.remove';
  target: string;
  outcome: 'ok';
  message: string;
  details: Record<string, unknown> | null;
}

const CALL_METHODS = {
  probes: 'probe.check',
  channels: 'channel.send',
  actions: 'action.run',
  analysers: 'analyser.analyse',
  logParsers: 'logParser.parse',
} as const;

const SECTIONS: ContributionSection[] = ['probes', 'channels', 'actions', 'analysers', 'logParsers'];

/**
 * Installed plugins and their running processes: one host per enabled plugin. Enabling asks for
 * the declared capabilities to be accepted once, and refuses a kind another plugin or a built-in
 * already has, naming both.
 */
export class PluginsModule {
  readonly store: PluginStore;
  private readonly hosts = new Map<string, PluginHost>();

  private readonly workspaceInstalls: WorkspaceInstalls;

  constructor(private readonly deps: PluginsDeps) {
    this.store = new PluginStore(deps.dataDir, deps.engineVersion, () => deps.clock.now());
    this.workspaceInstalls = new WorkspaceInstalls(
      async ({ id, from }) => {
        const installed = await this.store.install(from, id);
        this.audit('workspace', 'plugin.install', id, `installed ${id} ${installed.manifest.version} from ${from}, as the workspace lists it`, {
          source: from,
          version: installed.manifest.version,
        });
        // Its kinds are known now: the workspace loads again, and says the plugin waits to be enabled.
        this.changed();
      },
      deps.logger,
      () => this.changed(),
    );
  }

  /** Starts every enabled plugin; one that cannot start is shown down, the others still start. */
  startEnabled(): void {
    for (const plugin of this.store.list()) {
      if (!plugin.enabled) continue;
      const conflict = this.conflictOf(plugin);
      if (conflict !== null) {
        this.deps.logger.warn({ plugin: plugin.manifest.id }, conflict);
        continue;
      }
      this.startHost(plugin);
    }
  }

  host(id: string): PluginHost | undefined {
    return this.hosts.get(id);
  }

  /** The running plugin that contributes this kind, if any. */
  hostFor(section: ContributionSection, kind: string): PluginHost | undefined {
    // From the running host's manifest, not the data folder: this is on every check's path.
    for (const host of this.hosts.values()) {
      if (Object.hasOwn(host.manifest.contributes[section], kind)) return host;
    }
    return undefined;
  }

  /** The kinds of installed plugins, for validating the workspace and registering their channel and action kinds. */
  kindLookup(): PluginKindLookup {
    const lookup = pluginKindLookup(this.store);
    // Only where plugins run (not `config validate`) does a workspace's plugins: install what it lacks.
    if (this.deps.runProcesses === false) return lookup;
    return { ...lookup, requestInstall: (request) => this.workspaceInstalls.request(request) };
  }

  /**
   * One check of a plugin probe kind: one call with the probe's timeout. A plugin still starting
   * is waited for within that timeout; one disabled, missing or down fails the check, saying why.
   */
  checkProbe(kind: string, options: unknown, timeoutMs: number, graceMs = 0): Promise<unknown> {
    return this.callKind('probes', kind, options, null, timeoutMs, graceMs);
  }

  /**
   * One call of a plugin's kind (probe check, channel send, action run, analyser round) within `timeoutMs`, the
   * wait for a plugin still starting included; one disabled, missing or down is refused, saying why.
   */
  async callKind(section: keyof typeof CALL_METHODS, kind: string, options: unknown, input: unknown, timeoutMs: number, graceMs = 0): Promise<unknown> {
    const host = this.hostFor(section, kind);
    if (host === undefined) throw new ZervigoError('unavailable', `no enabled plugin provides the ${section.slice(0, -1)} kind "${kind}"`);
    const started = this.deps.clock.now();
    if (host.view().state === 'starting') {
      let timer: TimerHandle | null = null;
      const waited = await Promise.race([
        host.whenReady().then(() => true),
        new Promise<boolean>((resolve) => (timer = this.deps.clock.setTimeout(() => resolve(false), timeoutMs))),
      ]);
      (timer as TimerHandle | null)?.cancel();
      if (!waited) throw new ZervigoError('unavailable', `plugin ${host.id} did not finish starting within ${timeoutMs} ms`);
    }
    // Files its options name (a CA, a client key) are read here: the plugin's process may read only its own folder.
    const files = host.manifest.contributes[section][kind]?.files ?? {};
    // Only a call naming files waits for a read: the others keep their whole timeout.
    const sent =
      fileOptionsSet(options, files).length === 0
        ? options
        : await withFileContents(options, files).catch((error: Error) => {
            throw new ZervigoError('unavailable', error.message);
          });
    return host.call(CALL_METHODS[section], kind, sent, input, Math.max(1, timeoutMs - (this.deps.clock.now() - started)), graceMs);
  }

  views(): PluginView[] {
    return this.store.list().map((plugin) => this.viewOf(plugin));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((host) => host.stop()));
    this.hosts.clear();
  }

  /**
   * Installs (or updates) a plugin from a folder or a tarball. A running older version is replaced;
   * it is enabled when the caller accepts its capabilities, or when it was enabled and asks for
   * nothing more than was trusted; otherwise it waits, disabled, for an admin to accept.
   */
  async install(source: string, accept: boolean, actor: string): Promise<PluginView> {
    const installed = await this.store.install(source);
    const id = installed.manifest.id;
    this.audit(actor, 'plugin.install', id, `installed ${id} ${installed.manifest.version} from ${source}`, {
      source,
      version: installed.manifest.version,
    });
    if (this.hosts.has(id)) await this.stopHost(id);
    if (accept) return this.enable(id, true, actor);
    if (installed.enabled && sameCapabilities(installed.trusted, installed.manifest.capabilities)) return this.enable(id, false, actor);
    if (installed.enabled) this.store.setEnabled(id, false);
    this.changed();
    return this.viewOf(this.store.get(id));
  }

  /** Stops the plugin's process and records it disabled. */
  async disable(id: string, actor: string): Promise<PluginView> {
    await this.stopHost(id);
    const plugin = this.store.setEnabled(id, false);
    this.audit(actor, 'plugin.disable', id, `disabled ${id}`, null);
    this.changed();
    return this.viewOf(plugin);
  }

  /** Stops the plugin's process and removes it from the data folder. */
  async remove(id: string, actor: string): Promise<{ id: string }> {
    await this.stopHost(id);
    this.store.remove(id);
    this.audit(actor, 'plugin.remove', id, `removed ${id}`, null);
    this.changed();
    return { id };
  }

  /**
   * Enables a plugin: its declared capabilities must be accepted once (again when an update asks
   * for more), and a kind a built-in or another enabled plugin has is refused, naming both.
   */
  enable(id: string, accept: boolean, actor: string): PluginView {
    const plugin = this.store.get(id);
    const declared = plugin.manifest.capabilities;
    if (!accept && !sameCapabilities(plugin.trusted, declared)) {
      throw new ZervigoError(
        'confirmation_required',
        `plugin ${id} asks for ${describeCapabilities(declared)}; accept them to enable it (zervigo plugins enable ${id} --yes)`,
        { capabilities: declared },
      );
    }
    const conflict = this.conflictOf(plugin);
    if (conflict !== null) throw new ZervigoError('conflict', conflict);
    const newlyTrusted = !sameCapabilities(plugin.trusted, declared);
    const enabled = this.store.setEnabled(id, true, declared);
    // The audit entry says what was trusted, and by whom, when the trust was given.
    this.audit(
      actor,
      'plugin.enable',
      id,
      newlyTrusted ? `enabled ${id} ${plugin.manifest.version}, accepting ${describeCapabilities(declared)}` : `enabled ${id} ${plugin.manifest.version}`,
      newlyTrusted ? { version: plugin.manifest.version, accepted: declared } : { version: plugin.manifest.version },
    );
    if (!this.hosts.has(id)) this.startHost(enabled);
    this.changed();
    return this.viewOf(enabled);
  }

  private conflictOf(plugin: InstalledPlugin): string | null {
    const id = plugin.manifest.id;
    for (const section of SECTIONS) {
      for (const kind of Object.keys(plugin.manifest.contributes[section])) {
        if (this.deps.builtinKinds[section]?.includes(kind) === true)
          return `plugin ${id} claims the ${section.slice(0, -1)} kind "${kind}", which is built in`;
        for (const other of this.store.list()) {
          if (other.manifest.id === id || !other.enabled) continue;
          if (Object.hasOwn(other.manifest.contributes[section], kind))
            return `plugin ${id} claims the ${section.slice(0, -1)} kind "${kind}", which plugin ${other.manifest.id} already provides; disable one of them`;
        }
      }
    }
    return null;
  }

  private startHost(plugin: InstalledPlugin): void {
    if (this.deps.runProcesses === false) return;
    const host = new PluginHost({
      manifest: plugin.manifest,
      pluginDir: plugin.dir,
      runtime: runtimeEntry(),
      clock: this.deps.clock,
      logger: this.deps.logger,
      memoryMb: this.deps.memoryMb,
      launcher: this.deps.launcher,
      onChange: () => this.changed(),
    });
    this.hosts.set(plugin.manifest.id, host);
    host.start();
  }

  private async stopHost(id: string): Promise<void> {
    const host = this.hosts.get(id);
    this.hosts.delete(id);
    await host?.stop();
  }

  private audit(actor: string, action: PluginAuditEntry['action'], target: string, message: string, details: Record<string, unknown> | null): void {
    this.deps.audit?.({ actor, action, target, outcome: 'ok', message, details });
  }

  private changed(): void {
    this.deps.onChanged(this.views());
  }

  private viewOf(plugin: InstalledPlugin): PluginView {
    const { manifest } = plugin;
    const host = this.hosts.get(manifest.id)?.view();
    return {
      id: manifest.id,
      packageName: manifest.packageName,
      version: manifest.version,
      description: manifest.description,
      engines: manifest.engines,
      contributes: {
        probes: Object.keys(manifest.contributes.probes),
        channels: Object.keys(manifest.contributes.channels),
        actions: Object.keys(manifest.contributes.actions),
        analysers: Object.keys(manifest.contributes.analysers),
        logParsers: Object.keys(manifest.contributes.logParsers),
      },
      capabilities: manifest.capabilities,
      enabled: plugin.enabled,
      trusted: sameCapabilities(plugin.trusted, manifest.capabilities),
      state: !plugin.enabled ? 'disabled' : (host?.state ?? 'stopped'),
      reason: host?.reason ?? (plugin.enabled && host === undefined ? this.conflictOf(plugin) : null),
      restarts: host?.restarts ?? 0,
      restartAt: host?.restartAt ?? null,
      pid: host?.pid ?? null,
      dir: plugin.dir,
    };
  }
}

/** Trust covers what was accepted: an update asking for anything more asks again. */
function sameCapabilities(trusted: Capabilities | null, declared: Capabilities): boolean {
  if (trusted === null) return false;
  return (['network', 'commands', 'read', 'write'] as const).every((key) => declared[key].every((entry) => trusted[key].includes(entry)));
}

export function describeCapabilities(capabilities: Capabilities): string {
  const parts = [
    capabilities.network.length > 0 ? `network: ${capabilities.network.join(', ')}` : null,
    capabilities.commands.length > 0 ? `commands: ${capabilities.commands.join(', ')}` : null,
    capabilities.read.length > 0 ? `reading ${capabilities.read.join(', ')}` : null,
    capabilities.write.length > 0 ? `writing ${capabilities.write.join(', ')}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'no capabilities' : parts.join('; ');
}
