import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';

/** An engine on a temporary workspace for the operate benchmarks, its probes run by the real scheduler. */
export function benchEngine(yaml: string): { engine: Engine; dir: string; close: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-operate-'));
  const file = path.join(dir, 'zervigo.yaml');
  fs.writeFileSync(file, yaml);
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath: file, shell: 'cli', logger: silentLogger, processEnv: {} });
  return {
    engine,
    dir,
    close: async () => {
      await engine.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, every `everyMs`; returns the time it took. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 2): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
  return performance.now() - started;
}
