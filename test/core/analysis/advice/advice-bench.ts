import path from 'node:path';
import type { AdviceContext } from '../../../../src/core/analysis/advice/advice-context';
import { AdviceHistory } from '../../../../src/core/analysis/advice/advice-history';
import { builtinKinds } from '../../../../src/core/builtin-kinds';
import { parseWorkspace } from '../../../../src/core/config/parse-workspace';
import type { WorkspaceConfig } from '../../../../src/core/config/schema';
import { AlertStore } from '../../../../src/core/store/alert-store';
import { AuditLog } from '../../../../src/core/store/audit-log';
import { openDatabase, type Database } from '../../../../src/core/store/database';
import type { Labels } from '../../../../src/core/store/labels';
import { SeriesStore } from '../../../../src/core/store/series-store';
import { TransitionLog } from '../../../../src/core/monitoring/transition-log';
import { FakeClock } from '../../../helpers/fake-clock';
import { tempDir } from '../../../helpers/temp-dir';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** Deterministic noise in [-1, 1]. */
export function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/**
 * A real store for advice tests: a SQLite file with every migration, the series store that
 * compacts and rolls up as the engine's does, the alert, audit and probe timelines, and an
 * injected clock that the feed moves.
 */
export class AdviceBench {
  readonly clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
  readonly db: Database;
  readonly series: SeriesStore;
  readonly alerts: AlertStore;
  readonly audit: AuditLog;
  readonly transitions: TransitionLog;
  readonly history: AdviceHistory;
  config: WorkspaceConfig;
  ports = new Map<string, number[]>();

  constructor(yaml: string) {
    this.db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    this.series = new SeriesStore(this.db, () => this.clock.now());
    this.alerts = new AlertStore(this.db);
    this.audit = new AuditLog(this.db, () => this.clock.now());
    this.transitions = new TransitionLog(this.db);
    this.history = new AdviceHistory(this.db);
    this.config = parse(yaml);
  }

  setWorkspace(yaml: string): void {
    this.config = parse(yaml);
  }

  context(): AdviceContext {
    return {
      now: this.clock.now(),
      config: this.config,
      series: this.series,
      history: this.history,
      listeningPorts: (service) => this.ports.get(service) ?? null,
    };
  }

  id(name: string, labels: Labels): number {
    return this.series.index.idOf(name, labels);
  }

  /**
   * Moves the clock `durationMs` in steps of `stepMs`, calling `sample(t, i)` at each; samples
   * are written once a simulated minute and compacted once a simulated hour, as the engine does.
   */
  async run(durationMs: number, stepMs: number, sample: (t: number, i: number) => void): Promise<void> {
    const end = this.clock.now() + durationMs;
    let i = 0;
    let lastFlush = this.clock.now();
    let lastMaintain = this.clock.now();
    while (this.clock.now() < end) {
      this.clock.advance(stepMs);
      sample(this.clock.now(), i++);
      if (this.clock.now() - lastFlush >= MINUTE) {
        this.series.writer.flush();
        lastFlush = this.clock.now();
      }
      if (this.clock.now() - lastMaintain >= HOUR) {
        await this.series.maintain(this.clock.now());
        lastMaintain = this.clock.now();
      }
    }
    this.series.writer.flush();
  }

  close(): void {
    this.db.close();
  }
}

function parse(yaml: string): WorkspaceConfig {
  const result = parseWorkspace(yaml, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('; '));
  return result.workspace.config;
}
