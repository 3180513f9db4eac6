import path from 'node:path';
import { AuditLog } from '../../../src/core/store/audit-log';
import type { ActiveWorkspace } from '../../../src/core/config/active-workspace';
import { parseWorkspace } from '../../../src/core/config/parse-workspace';
import { silentLogger } from '../../../src/core/logger';
import type { AlertEscalation } from '../../../src/core/lifecycle/ports';
import { ServiceCatalog } from '../../../src/core/lifecycle/service-catalog';
import { ServiceManager } from '../../../src/core/lifecycle/service-manager';
import { openDatabase } from '../../../src/core/store/database';
import type { OperationProgress } from '../../../src/shared/types/operate';
import { FakeClock } from '../../helpers/fake-clock';
import { FakeRunner } from '../../helpers/fake-runner';
import { ProbeHealthDouble } from '../../helpers/probe-health-double';
import { tempDir } from '../../helpers/temp-dir';
import { builtinKinds } from '../../../src/core/builtin-kinds';

/** Lets promise chains run between fake-clock steps. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function workspace(yaml: string): ActiveWorkspace {
  const parsed = parseWorkspace(yaml, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => `${issue.line}:${issue.col} ${issue.message}`).join('\n'));
  return {
    path: path.join(tempDir(), 'zervigo.yaml'),
    content: yaml,
    config: parsed.workspace.config,
    environment: parsed.workspace.environment,
    vars: {},
    versionId: 1,
    loadedAt: 0,
  };
}

/** A ServiceManager on fake time, a fake runner and a hand-driven probe-health source, with a real audit log. */
export async function harness(yaml: string, options: { autostart?: boolean } = {}) {
  const clock = new FakeClock();
  const runner = new FakeRunner(() => clock.now());
  const health = new ProbeHealthDouble();
  const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
  const audit = new AuditLog(db, () => clock.now());
  const active = workspace(yaml);
  // Starts are the tests' to make, unless a test is about autostart.
  if (options.autostart !== true) for (const service of Object.values(active.config.services)) service.autostart = false;
  // Every status a service showed, in order (also the ones that last no time, as an immediate restart's).
  const shown = new Map<string, string[]>();
  const catalog = new ServiceCatalog((services) => {
    for (const service of services) {
      const line = `${service.status}: ${service.reason ?? ''}`;
      const lines = shown.get(service.name) ?? [];
      if (lines.at(-1) !== line) lines.push(line);
      shown.set(service.name, lines);
    }
  });
  catalog.setWorkspace(active);
  const raised: Parameters<AlertEscalation['raise']>[0][] = [];
  const resolved: Parameters<AlertEscalation['resolve']>[0][] = [];
  const progress: OperationProgress[] = [];
  const manager = new ServiceManager({
    clock,
    logger: silentLogger,
    audit,
    catalog,
    probeHealth: health,
    escalation: { raise: (alert) => raised.push(alert), resolve: (alert) => resolved.push(alert) },
    runnerFor: () => runner,
    findRunning: async () => null,
    emitProgress: (step) => progress.push(step),
    emitFinished: () => undefined,
  });
  await manager.apply(active);
  await settle();
  /** Moves fake time in steps, letting the work each step starts finish; advance(0) runs what is due now. */
  const advance = async (ms: number, step = 100): Promise<void> => {
    await settle();
    let passed = 0;
    do {
      const by = Math.min(step, ms - passed);
      clock.advance(by);
      passed += by;
      await settle();
    } while (passed < ms);
  };
  const status = (name: string) => catalog.list().find((service) => service.name === name);
  /** The last status lines ("restarting: exited with code 1; restarting now") a service showed. */
  const lastShown = (name: string, count = 1): string[] => (shown.get(name) ?? []).slice(-count);
  /** The status line shown most recently that matches. */
  const lastMatching = (name: string, pattern: RegExp): string | undefined => (shown.get(name) ?? []).filter((line) => pattern.test(line)).at(-1);
  return { clock, runner, health, audit, catalog, manager, raised, resolved, progress, advance, status, lastShown, lastMatching, db };
}
