import path from 'node:path';
import { afterEach } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { EventName, EventPayload } from '../../../src/shared/contract';
import type { CommandInput, CommandName, CommandOutput } from '../../../src/shared/contract';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

/** An engine on a fake clock over a workspace file, in a folder that outlives a restart. */
export class AlertingHarness {
  engine: Engine;
  readonly events: { name: EventName; payload: unknown }[] = [];

  private constructor(
    readonly dir: string,
    readonly file: string,
    readonly clock: FakeClock,
  ) {
    this.engine = this.start();
  }

  static open(workspace: string, clock = new FakeClock()): AlertingHarness {
    const dir = tempDir('zervigo-alerting-');
    return new AlertingHarness(dir, writeFile(dir, 'zervigo.yaml', workspace), clock);
  }

  private start(): Engine {
    const engine = Engine.start({
      dataDir: path.join(this.dir, 'data'),
      workspacePath: this.file,
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
      clock: this.clock,
      tickMs: 1_000,
      maintenanceEveryMs: 60_000,
    });
    engines.push(engine);
    engine.bus.onAny((name, payload) => this.events.push({ name, payload }));
    this.clock.advance(0);
    return engine;
  }

  /** Stops the engine (as at shutdown) and starts a new one over the same data; `meanwhile` runs in between. */
  async restart(meanwhile: () => void | Promise<void> = () => {}): Promise<void> {
    await this.engine.stop();
    engines.splice(engines.indexOf(this.engine), 1);
    await meanwhile();
    this.engine = this.start();
  }

  async call<K extends CommandName>(name: K, input?: CommandInput<K>): Promise<CommandOutput<K>> {
    return (await this.engine.dispatch(name, input, { actor: 'tester', transport: 'internal' })) as CommandOutput<K>;
  }

  /** Appends a sample now; the early evaluation it may trigger runs with the next advance. */
  sample(name: string, labels: Record<string, string>, value: number): void {
    this.engine.series.writer.appendNamed(name, labels, this.clock.now(), value);
  }

  /** Moves time forward one second at a time, writing `samples` at each second first. */
  run(seconds: number, samples: () => void = () => {}): void {
    for (let i = 0; i < seconds; i++) {
      samples();
      this.clock.advance(1_000);
    }
  }

  eventsOf<E extends EventName>(name: E): EventPayload<E>[] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload as EventPayload<E>);
  }
}
