import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import type { ProbeState } from '../../src/shared/types/monitoring';
import { tempDir, writeFile } from './temp-dir';
import { waitFor } from './wait-for';

/** The plugins shipped in the repo's plugins/ folder. */
export const SHIPPED_PLUGINS_DIR = path.resolve(__dirname, '../../plugins');

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

const context = { actor: 'test', transport: 'internal' } as const;

/** One probe of the plugin's kind: its options (written as YAML flow). */
export interface PluginProbe {
  options: Record<string, unknown>;
}

/**
 * A real engine with one probe plugin from plugins/ installed and enabled the way an operator
 * does it (`plugins install plugins/<id> --yes`), its checks run in the plugin's own process.
 */
export class ShippedProbePlugin {
  private constructor(
    readonly engine: Engine,
    readonly file: string,
    readonly kind: string,
  ) {}

  static async start(id: string, kind = id): Promise<ShippedProbePlugin> {
    const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\n');
    const engine = Engine.start({
      dataDir: tempDir(),
      workspacePath: file,
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
      tickMs: 100,
      probeSpreadMs: 0,
    });
    engines.push(engine);
    await engine.dispatch('plugins.install', { source: path.join(SHIPPED_PLUGINS_DIR, id), accept: true }, context);
    return new ShippedProbePlugin(engine, file, kind);
  }

  /** The workspace text with one service per probe, each checked every second within 1 s. */
  workspace(services: Record<string, PluginProbe>): string {
    const blocks = Object.entries(services).map(
      ([name, probe]) =>
        `  ${name}:\n    probes:\n      - ${this.kind}: ${JSON.stringify(probe.options)}\n        every: 1s\n        timeout: 1s\n        retries: 0\n`,
    );
    return `version: 1\nmachine: false\nplugins: [${this.kind}]\nservices:\n${blocks.join('')}`;
  }

  /** Writes and loads the workspace; it must load without problems. */
  load(services: Record<string, PluginProbe>): void {
    fs.writeFileSync(this.file, this.workspace(services));
    this.engine.workspace.reloadFromFile();
    expect(this.engine.workspace.view().error).toBeNull();
  }

  probe(service: string): ProbeState | undefined {
    return this.engine.monitoring.get(`${service}/${this.kind}#0`);
  }

  /** Waits until the service's probe has the status, and returns its state. */
  async until(service: string, status: 'up' | 'down', reason?: RegExp | string): Promise<ProbeState> {
    const matches = (state: ProbeState | undefined): boolean =>
      state?.status === status && (reason === undefined || (typeof reason === 'string' ? state.reason === reason : reason.test(state.reason ?? '')));
    try {
      return await waitFor(() => (matches(this.probe(service)) ? this.probe(service) : undefined), {
        what: `${service} ${status}${reason === undefined ? '' : ` (${String(reason)})`}`,
        timeoutMs: 20_000,
      });
    } catch (error) {
      const last = this.probe(service);
      throw new Error(`${(error as Error).message}; it is ${last?.status ?? 'missing'}: ${JSON.stringify(last?.reason)}`, { cause: error });
    }
  }

  /** The engine's Prometheus exposition: the probe's series and its plugin's samples. */
  async exposition(): Promise<string> {
    return (await this.engine.dispatch('metrics.exposition', undefined, context)) as string;
  }

  /** The problems the workspace parser finds in `text`, as "line:col path: message". */
  problems(services: Record<string, PluginProbe>): string[] {
    return this.engine.workspace.validate(this.workspace(services)).map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
  }
}
